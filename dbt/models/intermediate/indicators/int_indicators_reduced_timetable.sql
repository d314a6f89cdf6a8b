-- Reduced timetables, on the school-age children looked after at the month
-- end (int_school_age_looked_after_monthly, the cohort of the PEP
-- indicators).
-- Reduced timetable: the child's attendance return for the latest term
-- ended by the month end (int_school_terms_ended_monthly) says reduced
-- timetable; a child with no return for that term counts in the
-- denominator only. Month rows, and 'term' rows at the end of December,
-- March and July for the timetable (when a term's returns are complete).
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

cohort as (

    select * from {{ ref('int_school_age_looked_after_monthly') }}

),

latest_term as (

    select * from {{ ref('int_school_terms_ended_monthly') }}
    where is_latest_term

),

attendance as (

    select * from {{ ref('stg_virtual_school__attendance') }}

),

timetable_status as (

    select
        cohort.la_code,
        cohort.period_end,
        cohort.child_id,
        coalesce(bool_or(attendance.is_reduced_timetable), false) as is_reduced_timetable
    from cohort
    inner join latest_term
        on
            cohort.la_code = latest_term.la_code
            and cohort.period_end = latest_term.period_end
    left join attendance
        on
            cohort.la_code = attendance.la_code
            and cohort.child_id = attendance.child_id
            and latest_term.academic_year = attendance.academic_year
            and latest_term.school_term = attendance.school_term
    group by cohort.la_code, cohort.period_end, cohort.child_id

),

totals as (

    select
        spine.la_code,
        spine.period_end,
        (
            select count(*) from cohort
            where cohort.la_code = spine.la_code and cohort.period_end = spine.period_end
        ) as school_age_looked_after,
        (
            select count(*) from timetable_status
            where
                timetable_status.la_code = spine.la_code
                and timetable_status.period_end = spine.period_end
                and timetable_status.is_reduced_timetable
        ) as reduced_timetable
    from spine

)

{% set reduced_timetable = {
    'lac_reduced_timetable_pct': ['reduced_timetable', 'school_age_looked_after'],
} %}

{{ indicator_rows('totals', reduced_timetable, period_type='month') }}
union all
{{ indicator_rows('totals', reduced_timetable, period_type='term', where='month(period_end) in (3, 7, 12)') }}
