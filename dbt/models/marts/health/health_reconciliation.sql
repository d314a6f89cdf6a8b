-- The health team's register against the case system, per month and
-- assessment type (IHA, RHA, DENTAL): how many assessments each holds, how
-- many only one holds, and the up-to-date figure each system gives (the
-- papers' 93% against 81%). Aggregate only: the child-level list of the same
-- differences is the restricted int_health_reconciliation_exceptions.
-- Counts are by the month the assessment took place (the register's date
-- where both hold it). Matching rule: int_health_assessments_reconciled.
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

assessment_types as (

    select assessment_codes.assessment_type
    from (values ('IHA'), ('RHA'), ('DENTAL')) as assessment_codes (assessment_type)

),

counts as (

    select
        la_code,
        assessment_type,
        last_day(assessment_date) as period_end,
        count(*) filter (where is_on_register) as register_assessments,
        count(*) filter (where is_in_case_system) as case_system_assessments,
        count(*) filter (where is_on_register and is_in_case_system) as both_systems_assessments,
        count(*) filter (where is_on_register and not is_in_case_system) as register_only_assessments,
        count(*) filter (where is_in_case_system and not is_on_register) as case_system_only_assessments
    from {{ ref('int_health_assessments_reconciled') }}
    group by la_code, last_day(assessment_date), assessment_type

),

up_to_date as (

    select
        la_code,
        period_end,
        assessment_type,
        any_value(indicator_id) as up_to_date_indicator_id,
        any_value(denominator) filter (where source_system = 'case_system') as up_to_date_denominator,
        any_value(numerator) filter (where source_system = 'health_register') as register_up_to_date,
        any_value(numerator) filter (where source_system = 'case_system') as case_system_up_to_date
    from {{ ref('int_health_up_to_date_by_system') }}
    group by la_code, period_end, assessment_type

),

joined as (

    select
        spine.la_code,
        spine.period_end,
        spine.as_of_date,
        assessment_types.assessment_type,
        up_to_date.up_to_date_indicator_id,
        up_to_date.up_to_date_denominator,
        up_to_date.register_up_to_date,
        up_to_date.case_system_up_to_date,
        coalesce(counts.register_assessments, 0) as register_assessments,
        coalesce(counts.case_system_assessments, 0) as case_system_assessments,
        coalesce(counts.both_systems_assessments, 0) as both_systems_assessments,
        coalesce(counts.register_only_assessments, 0) as register_only_assessments,
        coalesce(counts.case_system_only_assessments, 0) as case_system_only_assessments,
        round(100.0 * up_to_date.register_up_to_date / nullif(up_to_date.up_to_date_denominator, 0), 1)
            as register_up_to_date_pct,
        round(100.0 * up_to_date.case_system_up_to_date / nullif(up_to_date.up_to_date_denominator, 0), 1)
            as case_system_up_to_date_pct
    from spine
    cross join assessment_types
    left join counts
        on
            spine.la_code = counts.la_code
            and spine.period_end = counts.period_end
            and assessment_types.assessment_type = counts.assessment_type
    left join up_to_date
        on
            spine.la_code = up_to_date.la_code
            and spine.period_end = up_to_date.period_end
            and assessment_types.assessment_type = up_to_date.assessment_type

)

select
    la_code,
    period_end,
    as_of_date,
    assessment_type,
    cast(register_assessments as integer) as register_assessments,
    cast(case_system_assessments as integer) as case_system_assessments,
    cast(both_systems_assessments as integer) as both_systems_assessments,
    cast(register_only_assessments as integer) as register_only_assessments,
    cast(case_system_only_assessments as integer) as case_system_only_assessments,
    up_to_date_indicator_id,
    cast(up_to_date_denominator as integer) as up_to_date_denominator,
    cast(register_up_to_date as integer) as register_up_to_date,
    cast(case_system_up_to_date as integer) as case_system_up_to_date,
    cast(register_up_to_date_pct as float8) as register_up_to_date_pct,
    cast(case_system_up_to_date_pct as float8) as case_system_up_to_date_pct,
    cast(register_up_to_date_pct - case_system_up_to_date_pct as float8) as up_to_date_gap_points,
    -- a month whose end is 20 working days or more behind the as-of night:
    -- the recording-lag window (int_health_reconciliation_exceptions) has
    -- closed, so what still differs is missing, not just late
    {{ add_working_days('period_end', 20) }} <= as_of_date as is_recording_window_closed
from joined
