-- The health figures at each month end computed twice, once from each
-- system's assessments: the health team's register (completed assessments)
-- and the case system. The papers' 93% (nurse team's records) against 81%
-- (case system) is this model's two health rows for one month.
-- The rules are the indicators' own, applied to each system in turn:
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

systems as (

    select unnest(['health_register', 'case_system']) as source_system

),

reconciled as (

    select * from {{ ref('int_health_assessments_reconciled') }}

),

assessments as (

    select
        'health_register' as source_system,
        child_id,
        assessment_type,
        register_assessment_date as assessment_date
    from reconciled
    where is_on_register
    union all
    select
        'case_system' as source_system,
        child_id,
        assessment_type,
        case_system_assessment_date as assessment_date
    from reconciled
    where is_in_case_system

),

cohort as (

    select
        period_end,
        age_at_period_end,
        upper(trim(child_id)) as child_id
    from {{ ref('int_children_looked_after_monthly') }}
    where period_start_date <= period_end - interval 12 month

),

child_status as (

    select
        systems.source_system,
        cohort.period_end,
        cohort.child_id,
        coalesce(bool_or(
            assessments.assessment_type in ('IHA', 'RHA')
            and assessments.assessment_date > cohort.period_end
            - case when cohort.age_at_period_end < 5 then interval 6 month else interval 12 month end
        ), false) as has_health_assessment_up_to_date,
        coalesce(bool_or(assessments.assessment_type = 'DENTAL'), false) as has_dental_check_up_to_date
    from cohort
    cross join systems
    left join assessments
        on
            systems.source_system = assessments.source_system
            and cohort.child_id = assessments.child_id
            and cohort.period_end >= assessments.assessment_date
            and assessments.assessment_date > cohort.period_end - interval 12 month
    group by systems.source_system, cohort.period_end, cohort.child_id

),

cohort_totals as (

    select
        spine.la_code,
        spine.period_end,
        systems.source_system,
        count(child_status.child_id) as cohort_children,
        count(child_status.child_id) filter (where child_status.has_health_assessment_up_to_date)
            as health_up_to_date,
        count(child_status.child_id) filter (where child_status.has_dental_check_up_to_date)
            as dental_up_to_date
    from spine
    cross join systems
    left join child_status
        on
            spine.period_end = child_status.period_end
            and systems.source_system = child_status.source_system
    group by spine.la_code, spine.period_end, systems.source_system

),

periods as (

    select
        period_of_care_id,
        period_start_date,
        upper(trim(child_id)) as child_id,
        {{ add_working_days('period_start_date', 20) }} as iha_due_date
    from {{ ref('int_periods_of_care') }}
    -- children who left care before the due date are not counted
    where period_end_date is null or period_end_date >= {{ add_working_days('period_start_date', 20) }}

),

iha_status as (

    select
        systems.source_system,
        periods.period_of_care_id,
        periods.iha_due_date,
        count(assessments.assessment_date) > 0 as has_iha_in_time
    from periods
    cross join systems
    left join assessments
        on
            systems.source_system = assessments.source_system
            and periods.child_id = assessments.child_id
            and assessments.assessment_type = 'IHA'
            and assessments.assessment_date between periods.period_start_date and periods.iha_due_date
    group by systems.source_system, periods.period_of_care_id, periods.iha_due_date

),

iha_totals as (

    select
        spine.la_code,
        spine.period_end,
        systems.source_system,
        count(iha_status.period_of_care_id) as iha_due,
        count(iha_status.period_of_care_id) filter (where iha_status.has_iha_in_time) as iha_in_time
    from spine
    cross join systems
    left join iha_status
        on
            systems.source_system = iha_status.source_system
            and iha_status.iha_due_date between spine.period_start and spine.period_end
    group by spine.la_code, spine.period_end, systems.source_system

)

select
    la_code,
    period_end,
    source_system,
    'IHA' as assessment_type,
    'lac_iha_in_timescale_pct' as indicator_id,
    iha_in_time as numerator,
    iha_due as denominator
from iha_totals
union all
select
    la_code,
    period_end,
    source_system,
    'RHA' as assessment_type,
    'lac_health_assessment_up_to_date_pct' as indicator_id,
    health_up_to_date as numerator,
    cohort_children as denominator
from cohort_totals
union all
select
    la_code,
    period_end,
    source_system,
    'DENTAL' as assessment_type,
    'lac_dental_up_to_date_pct' as indicator_id,
    dental_up_to_date as numerator,
    cohort_children as denominator
from cohort_totals
