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
        on
            spine.la_code = school_year.la_code
            and spine.period_end = school_year.period_end
    group by spine.la_code, spine.period_end

)

{% set attendance = {
    'lac_overall_absence_pct': ['sessions_missed', 'sessions_possible'],
    'lac_persistent_absence_pct': ['persistent_absentees', 'cohort_children'],
    'lac_fixed_term_exclusion_pct': ['suspended', 'cohort_children'],
} %}

{{ indicator_rows('totals', attendance, period_type='month') }}
union all
{{ indicator_rows('totals', attendance, period_type='term', where='month(period_end) in (3, 7, 12)') }}
