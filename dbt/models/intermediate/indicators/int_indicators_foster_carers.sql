-- In-house foster carer recruitment and loss in the window (month, financial
-- year to date, rolling 12 months), from the fostering service's tracker.
-- The tracker has no recorded-at: the latest tracker on or before the as-of
-- date is used as it stands (as foster_households_count does).
-- Approved (9.4, "foster carers recruited") and places created (2022 4.23):
-- mainstream households reaching the APPROVED stage in the window. Family
-- and friends carers are left out: they are approved for a named child
-- already placed with them, not recruited, and the papers' figures (about
-- 10-13 approvals a year; 6 households giving 11 places) are mainstream
-- recruitment. Places: the places approved at panel; where the approval
-- row has none, the household's current places (the best record left);
-- with neither, the household adds no places but still counts as approved.
-- Deregistered (9.5): every household deregistered in the window, family and
-- friends included (the 2021-22 fostering report counts "36 households incl.
-- 4 family & friends").
with

windows as (

    select * from {{ ref('int_reporting_windows') }}

),

approvals as (

    select * from {{ ref('stg_fostering__approvals') }}
    where approval_stage = 'APPROVED' and carer_type = 'MAINSTREAM'

),

households as (

    select * from {{ ref('stg_fostering__households') }}

),

deregistrations as (

    select * from {{ ref('stg_fostering__deregistrations') }}

),

approved_households as (

    select
        approvals.la_code,
        approvals.household_id,
        approvals.stage_date as approval_date,
        coalesce(approvals.places_approved, households.places_approved, 0) as places_approved
    from approvals
    left join households
        on
            approvals.la_code = households.la_code
            and approvals.household_id = households.household_id

),

approval_totals as (

    select
        windows.la_code,
        windows.period_type,
        windows.period_end,
        count(distinct approved_households.household_id) as households_approved,
        coalesce(sum(approved_households.places_approved), 0) as places_created
    from windows
    left join approved_households
        on
            windows.la_code = approved_households.la_code
            and approved_households.approval_date between windows.window_start and windows.period_end
    group by windows.la_code, windows.period_type, windows.period_end

),

deregistration_totals as (

    select
        windows.la_code,
        windows.period_type,
        windows.period_end,
        count(distinct deregistrations.household_id) as households_deregistered
    from windows
    left join deregistrations
        on
            windows.la_code = deregistrations.la_code
            and deregistrations.deregistration_date between windows.window_start and windows.period_end
    group by windows.la_code, windows.period_type, windows.period_end

)

{{ indicator_rows('approval_totals', {
    'foster_households_approved_count': 'households_approved',
    'placements_created_foster_approvals_count': 'places_created',
}) }}
union all
{{ indicator_rows('deregistration_totals', {
    'foster_households_deregistered_count': 'households_deregistered',
}) }}
