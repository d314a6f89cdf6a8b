-- One row per child in the DfE's school-outcomes cohort at each month end,
-- with their attendance and suspensions over the academic year to date.
-- Cohort (DfE "children looked after continuously for at least 12 months",
-- the cohort the 2019 paper names, applied at every month end rather than
-- only 31 March): looked after at the month end, continuously for at least
-- 12 months, with at least one session possible in the terms the month end
-- reports on (int_school_terms_ended_monthly: on a school roll).
-- Persistent absentee: missed 10% or more of possible sessions (the DfE
-- threshold since 2015/16 and the 2019 paper's "10%+").
-- Suspensions (fixed-term exclusions) are dated, so they count from 1
-- September of the reported academic year to the month end (to 31 August
-- when the month end reports the previous academic year).
with

terms as (

    select * from {{ ref('int_school_terms_ended_monthly') }}

),

cohort as (

    select * from {{ ref('int_children_looked_after_monthly') }}
    where period_start_date <= {{ month_end_months_before('period_end', 12) }}

),

attendance as (

    select * from {{ ref('stg_virtual_school__attendance') }}

),

suspensions as (

    select * from {{ ref('stg_virtual_school__exclusions') }}
    where exclusion_type = 'SUSPENSION'

),

sessions as (

    select
        terms.la_code,
        cohort.period_end,
        cohort.child_id,
        terms.academic_year,
        terms.academic_year_start_date,
        least(cohort.period_end, terms.academic_year_end_date) as suspensions_counted_to,
        sum(attendance.sessions_possible) as sessions_possible,
        -- a return with more missed than possible sessions is a recording
        -- error: cap it so the percentage cannot pass 100
        sum(least(attendance.sessions_missed, attendance.sessions_possible)) as sessions_missed
    from cohort
    inner join terms
        on
            cohort.la_code = terms.la_code
            and cohort.period_end = terms.period_end
    inner join attendance
        on
            cohort.la_code = attendance.la_code
            and cohort.child_id = attendance.child_id
            and terms.academic_year = attendance.academic_year
            and terms.school_term = attendance.school_term
    group by
        terms.la_code,
        cohort.period_end,
        cohort.child_id,
        terms.academic_year,
        terms.academic_year_start_date,
        terms.academic_year_end_date
    having sum(attendance.sessions_possible) > 0

)

select
    sessions.la_code,
    sessions.period_end,
    sessions.child_id,
    sessions.academic_year,
    sessions.sessions_possible,
    sessions.sessions_missed,
    -- integer comparison: exactly 10% missed is persistent absence
    sessions.sessions_missed * 10 >= sessions.sessions_possible as is_persistent_absentee,
    count(suspensions.child_id) > 0 as has_suspension
from sessions
left join suspensions
    on
        sessions.la_code = suspensions.la_code
        and sessions.child_id = suspensions.child_id
        and suspensions.exclusion_start_date between sessions.academic_year_start_date
        and sessions.suspensions_counted_to
group by
    sessions.la_code,
    sessions.period_end,
    sessions.child_id,
    sessions.academic_year,
    sessions.sessions_possible,
    sessions.sessions_missed
