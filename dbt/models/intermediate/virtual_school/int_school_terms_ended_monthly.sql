-- The school terms each month end reports on: the terms of the academic
-- year of the latest term ended by the month end. The Virtual School's
-- attendance comes as one return per child per term, so a term counts once
-- the month it ends in is over: autumn from the end of December, spring
-- from the end of March, summer from the end of July (the 2019 paper's
-- termly reporting months). From August to November no term of the new
-- academic year has ended, so those month ends report the whole previous
-- academic year (the DfE's annual figure) rather than an empty year.
with

spine as (

    select
        *,
        case when month(period_end) = 12 then year(period_end) else year(period_end) - 1 end as academic_year_start
    from {{ ref('int_month_spine') }}

),

terms as (

    select
        'AUTUMN' as school_term,
        1 as term_number
    union all
    select
        'SPRING' as school_term,
        2 as term_number
    union all
    select
        'SUMMER' as school_term,
        3 as term_number

),

term_ends as (

    select
        spine.la_code,
        spine.period_end,
        spine.academic_year_start,
        terms.school_term,
        terms.term_number,
        -- the contract's academic_year format, e.g. 2023/24
        cast(spine.academic_year_start as varchar)
        || '/'
        || right(cast(spine.academic_year_start + 1 as varchar), 2) as academic_year,
        case terms.school_term
            when 'AUTUMN' then make_date(spine.academic_year_start, 12, 31)
            when 'SPRING' then make_date(spine.academic_year_start + 1, 3, 31)
            else make_date(spine.academic_year_start + 1, 7, 31)
        end as term_ended_by
    from spine
    cross join terms

)

select
    la_code,
    period_end,
    academic_year,
    school_term,
    term_ended_by,
    make_date(academic_year_start, 9, 1) as academic_year_start_date,
    make_date(academic_year_start + 1, 8, 31) as academic_year_end_date,
    term_number = max(term_number) over (partition by la_code, period_end) as is_latest_term
from term_ends
where term_ended_by <= period_end
