-- Absence, persistent absence and suspensions of children looked after
-- continuously for 12 months (int_school_year_to_date_monthly), over the
-- academic year to date: the terms ended by the month end (from August to
-- November, the whole previous academic year).
-- Overall absence: sessions missed as a % of sessions possible (the DfE
-- measure, so a child with few sessions weighs less). Persistent absence
-- and suspensions: % of the cohort's children.
-- Month rows at every month end; 'term' rows at the end of December, March
-- and July, when a term's returns are complete (the same figures).
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

school_year as (

    select * from {{ ref('int_school_year_to_date_monthly') }}

),

totals as (

    select
        spine.la_code,
        spine.period_end,
        count(school_year.child_id) as cohort_children,
        coalesce(sum(school_year.sessions_possible), 0) as sessions_possible,
        coalesce(sum(school_year.sessions_missed), 0) as sessions_missed,
        count(school_year.child_id) filter (where school_year.is_persistent_absentee) as persistent_absentees,
        count(school_year.child_id) filter (where school_year.has_suspension) as suspended
    from spine
    left join school_year
        on spine.period_end = school_year.period_end
    group by spine.la_code, spine.period_end

),

indicators as (

    select
        la_code,
        'lac_overall_absence_pct' as indicator_id,
        period_end,
        sessions_missed as numerator,
        sessions_possible as denominator
    from totals
    union all
    select
        la_code,
        'lac_persistent_absence_pct' as indicator_id,
        period_end,
        persistent_absentees as numerator,
        cohort_children as denominator
    from totals
    union all
    select
        la_code,
        'lac_fixed_term_exclusion_pct' as indicator_id,
        period_end,
        suspended as numerator,
        cohort_children as denominator
    from totals

)

select
    la_code,
    indicator_id,
    'month' as period_type,
    period_end,
    numerator,
    denominator
from indicators
union all
select
    la_code,
    indicator_id,
    'term' as period_type,
    period_end,
    numerator,
    denominator
from indicators
where month(period_end) in (3, 7, 12)
