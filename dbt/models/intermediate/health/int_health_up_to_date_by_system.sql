-- The health figures at each month end computed twice, once from each
-- system's assessments: the health team's register (completed assessments)
-- and the case system. The papers' 93% (nurse team's records) against 81%
-- (case system) is this model's two health rows for one month.
-- The rules are the indicators' own macros (macros/indicators/), applied to
-- each system in turn:
-- - RHA row, lac_health_assessment_up_to_date_pct: of children looked after
--   at the month end for at least 12 months (the DfE OC2 cohort), those with
--   an initial or review health assessment in the last 6 months (under 5) or
--   12 months (5 and over) (int_indicators_health);
-- - DENTAL row, lac_dental_up_to_date_pct: same cohort, a dental check in
--   the last 12 months (int_indicators_health);
-- - IHA row, lac_iha_in_timescale_pct: periods of care whose initial health
--   assessment fell due in the month, with one between the start of care and
--   the 20th working day (int_indicators_initial_health_assessments).
-- The cohorts come from the case system (the register has no periods of
-- care), so only the assessments differ between the two systems' figures.
-- assert_health_reconciliation_case_system_matches_indicators checks that
-- the case-system figures equal the published indicators.
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

month_windows as (

    -- The windows int_reporting_windows gives the indicator, months only.
    select
        la_code,
        'month' as period_type,
        period_end,
        period_start as window_start,
        as_of_date
    from spine

),

reconciled as (

    select * from {{ ref('int_health_assessments_reconciled') }}

),

register_assessments as (

    select
        la_code,
        child_id,
        assessment_type,
        register_assessment_date as assessment_date
    from reconciled
    where is_on_register

),

case_system_assessments as (

    select
        la_code,
        child_id,
        assessment_type,
        case_system_assessment_date as assessment_date
    from reconciled
    where is_in_case_system

),

health_indicators as (

    select
        'health_register' as source_system,
        register_rows.*
    from (
        {{ health_assessment_indicators('spine', assessments='register_assessments') }}
    ) as register_rows
    union all
    select
        'case_system' as source_system,
        case_system_rows.*
    from (
        {{ health_assessment_indicators('spine', assessments='case_system_assessments') }}
    ) as case_system_rows

),

iha_indicators as (

    select
        'health_register' as source_system,
        register_rows.*
    from (
        {{ initial_health_assessment_indicators('month_windows', assessments='register_assessments') }}
    ) as register_rows
    union all
    select
        'case_system' as source_system,
        case_system_rows.*
    from (
        {{ initial_health_assessment_indicators('month_windows', assessments='case_system_assessments') }}
    ) as case_system_rows

),

indicator_rows as (

    select * from health_indicators
    union all
    select * from iha_indicators
    where period_type = 'month'

)

select
    la_code,
    period_end,
    source_system,
    indicator_id,
    numerator,
    denominator,
    case indicator_id
        when 'lac_iha_in_timescale_pct' then 'IHA'
        when 'lac_health_assessment_up_to_date_pct' then 'RHA'
        when 'lac_dental_up_to_date_pct' then 'DENTAL'
    end as assessment_type
from indicator_rows
