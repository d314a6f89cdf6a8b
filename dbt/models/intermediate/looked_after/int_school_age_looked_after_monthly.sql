-- The month-end school-age cohort: children looked after at the month end
-- (int_children_looked_after_monthly) in Reception to Year 11, i.e. aged 4
-- to 15 on the 31 August before the academic year. One model so that every
-- Virtual School indicator on "school-age children looked after" (PEPs up to
-- date, with a PEP, reduced timetables) counts the same children.
-- Current term by calendar (the Virtual School's PEP terms): autumn
-- September-December, spring January-March, summer April-August.
with

spine as (

    select
        *,
        case
            when month(period_end) >= 9 then make_date(year(period_end), 9, 1)
            when month(period_end) <= 3 then make_date(year(period_end), 1, 1)
            else make_date(year(period_end), 4, 1)
        end as term_start_date,
        make_date(
            case when month(period_end) >= 9 then year(period_end) else year(period_end) - 1 end, 8, 31
        ) as academic_age_date
    from {{ ref('int_month_spine') }}

)

select
    spine.la_code,
    cohort.period_end,
    cohort.child_id,
    cohort.period_start_date,
    spine.term_start_date
from {{ ref('int_children_looked_after_monthly') }} as cohort
inner join spine
    on
        cohort.la_code = spine.la_code
        and cohort.period_end = spine.period_end
where {{ age_in_years('cohort.birth_date', 'spine.academic_age_date') }} between 4 and 15
