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

{{ health_status_by_child_ctes() }},

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
