-- Health and dental assessments up to date at each month end.
-- Cohort (the DfE's SSDA903 OC2 cohort, applied at every month end rather
-- than only 31 March): children looked after at the month end who had been
-- looked after continuously for at least 12 months.
-- Health: an initial or review health assessment in the last 6 months for a
-- child under 5 at the month end, in the last 12 months from age 5 (statutory
-- guidance). Dental: a dental check in the last 12 months.
-- Source: the assessments as recorded in the social care system (what the
-- papers report; the health team's register is used to measure the lag).
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

cohort as (

    select * from {{ ref('int_children_looked_after_monthly') }}
    where period_start_date <= {{ month_end_months_before('period_end', 12) }}

),

assessments as (

    select * from {{ ref('stg_social_care__health_assessments') }}

),

child_status as (

    select
        cohort.la_code,
        cohort.period_end,
        cohort.child_id,
        coalesce(bool_or(
            assessments.assessment_type in ('IHA', 'RHA')
            and assessments.assessment_date >= case
                when cohort.age_at_period_end < 5 then {{ rolling_window_start('cohort.period_end', 6) }}
                else {{ rolling_window_start('cohort.period_end', 12) }}
            end
        ), false) as has_health_assessment_up_to_date,
        coalesce(bool_or(assessments.assessment_type = 'DENTAL'), false) as has_dental_check_up_to_date
    from cohort
    left join assessments
        on
            cohort.child_id = assessments.child_id
            and cohort.period_end >= assessments.assessment_date
            and assessments.assessment_date >= {{ rolling_window_start('cohort.period_end', 12) }}
    group by cohort.la_code, cohort.period_end, cohort.child_id

),

totals as (

    select
        spine.la_code,
        spine.period_end,
        count(child_status.child_id) as cohort_children,
        count(child_status.child_id) filter (where child_status.has_health_assessment_up_to_date)
            as health_up_to_date,
        count(child_status.child_id) filter (where child_status.has_dental_check_up_to_date)
            as dental_up_to_date
    from spine
    left join child_status
        on spine.period_end = child_status.period_end
    group by spine.la_code, spine.period_end

)

select
    la_code,
    'lac_health_assessment_up_to_date_pct' as indicator_id,
    'month' as period_type,
    period_end,
    health_up_to_date as numerator,
    cohort_children as denominator
from totals
union all
select
    la_code,
    'lac_dental_up_to_date_pct' as indicator_id,
    'month' as period_type,
    period_end,
    dental_up_to_date as numerator,
    cohort_children as denominator
from totals
