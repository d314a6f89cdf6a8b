-- Care plans, pathway plans, missing episodes, youth offending / EHCP flags
-- and foster households.
-- Up-to-date plan: children looked after at the month end whose plan is due
-- (care plan within 10 working days of becoming looked after, Care Planning
-- Regulations 2010) and who have a care or pathway plan agreed or reviewed
-- in the last 6 months (the plan is refreshed at each 6-monthly review).
-- Pathway plan: care leavers aged 17-21 with a pathway plan in the last 6
-- months (the papers' 87% "less than 6 months old").
-- Missing: distinct children looked after with a missing (not "away from
-- placement") episode starting in the window while in a period of care.
-- YOT / EHCP: looked-after children with a flag period open at the month end.
-- Foster households: in-house households approved on or before the month
-- end and not deregistered by it (the fostering tracker; no recorded-at).
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

windows as (

    select * from {{ ref('int_reporting_windows') }}
    where period_type in ('month', 'fytd')

),

cohort as (

    select * from {{ ref('int_children_looked_after_monthly') }}

),

care_leavers as (

    select * from {{ ref('int_care_leavers_monthly') }}

),

periods as (

    select * from {{ ref('int_periods_of_care') }}

),

plans as (

    select * from {{ ref('stg_social_care__plans') }}

),

flags as (

    select * from {{ ref('stg_social_care__child_flags') }}

),

missing_episodes as (

    select * from {{ ref('int_missing_episodes_adapted') }}
    where missing_type = 'M'

),

households as (

    select * from {{ ref('stg_fostering__households') }}

),

child_status as (

    select
        cohort.la_code,
        cohort.period_end,
        cohort.child_id,
        {{ add_working_days('cohort.period_start_date', 10) }} <= cohort.period_end as is_plan_due,
        coalesce(bool_or(
            plans.plan_date >= {{ rolling_window_start('cohort.period_end', 6) }}
        ), false) as has_plan_up_to_date
    from cohort
    left join plans
        on
            cohort.la_code = plans.la_code
            and cohort.child_id = plans.child_id
            and cohort.period_end >= plans.plan_date
    group by cohort.la_code, cohort.period_end, cohort.child_id, cohort.period_start_date

),

flag_status as (

    select
        cohort.la_code,
        cohort.period_end,
        cohort.child_id,
        bool_or(flags.flag_code = 'YOS') as is_known_to_yot,
        bool_or(flags.flag_code = 'EHCP') as has_ehcp
    from cohort
    inner join flags
        on
            cohort.la_code = flags.la_code
            and cohort.child_id = flags.child_id
            and cohort.period_end >= flags.flag_start_date
            and (flags.flag_end_date is null or cohort.period_end <= flags.flag_end_date)
    group by cohort.la_code, cohort.period_end, cohort.child_id

),

leaver_status as (

    select
        care_leavers.la_code,
        care_leavers.period_end,
        care_leavers.child_id,
        coalesce(bool_or(
            plans.plan_type = 'PATHWAY_PLAN'
            and plans.plan_date >= {{ rolling_window_start('care_leavers.period_end', 6) }}
        ), false) as has_pathway_plan_up_to_date
    from care_leavers
    left join plans
        on
            care_leavers.la_code = plans.la_code
            and care_leavers.child_id = plans.child_id
            and care_leavers.period_end >= plans.plan_date
    group by care_leavers.la_code, care_leavers.period_end, care_leavers.child_id

),

month_totals as (

    select
        spine.la_code,
        spine.period_end,
        (
            select count(*) from child_status
            where
                child_status.la_code = spine.la_code
                and child_status.period_end = spine.period_end
                and child_status.is_plan_due
        ) as plans_due,
        (
            select count(*) from child_status
            where
                child_status.la_code = spine.la_code
                and child_status.period_end = spine.period_end
                and child_status.is_plan_due
                and child_status.has_plan_up_to_date
        ) as plans_up_to_date,
        (
            select count(*) from flag_status
            where
                flag_status.la_code = spine.la_code
                and flag_status.period_end = spine.period_end
                and flag_status.is_known_to_yot
        ) as known_to_yot,
        (
            select count(*) from flag_status
            where
                flag_status.la_code = spine.la_code
                and flag_status.period_end = spine.period_end
                and flag_status.has_ehcp
        ) as with_ehcp,
        (
            select count(*) from leaver_status
            where
                leaver_status.la_code = spine.la_code
                and leaver_status.period_end = spine.period_end
        ) as care_leavers,
        (
            select count(*) from leaver_status
            where
                leaver_status.la_code = spine.la_code
                and leaver_status.period_end = spine.period_end
                and leaver_status.has_pathway_plan_up_to_date
        ) as pathway_plans_up_to_date,
        (
            select count(*) from households
            where
                households.la_code = spine.la_code
                and households.approval_date <= spine.period_end
                and (households.deregistration_date is null or households.deregistration_date > spine.period_end)
        ) as foster_households
    from spine

),

missing_in_care as (

    select distinct
        missing_episodes.la_code,
        missing_episodes.child_id,
        missing_episodes.missing_start_date
    from missing_episodes
    inner join periods
        on
            missing_episodes.la_code = periods.la_code
            and missing_episodes.child_id = periods.child_id
            and missing_episodes.missing_start_date >= periods.period_start_date
            and (periods.period_end_date is null or missing_episodes.missing_start_date <= periods.period_end_date)

),

window_totals as (

    select
        windows.la_code,
        windows.period_type,
        windows.period_end,
        count(distinct missing_in_care.child_id) as missing_children
    from windows
    left join missing_in_care
        on
            windows.la_code = missing_in_care.la_code
            and missing_in_care.missing_start_date between windows.window_start and windows.period_end
    group by windows.la_code, windows.period_type, windows.period_end

)

{{ indicator_rows('month_totals', {
    'lac_up_to_date_plan_pct': ['plans_up_to_date', 'plans_due'],
    'care_leavers_up_to_date_pathway_plan_pct': ['pathway_plans_up_to_date', 'care_leavers'],
    'lac_known_to_yot_count': 'known_to_yot',
    'lac_ehcp_count': 'with_ehcp',
    'foster_households_count': 'foster_households',
}, period_type='month') }}
union all
{{ indicator_rows('window_totals', {
    'lac_missing_children_count': 'missing_children',
}) }}
