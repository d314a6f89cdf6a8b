-- Adoption scorecard A1 as the DfE publishes it, a 3-year average at each 31
-- March: of the children adopted in the three years to 31 March (periods of
-- care ending with adoption, E11/E12), the average days from entering care
-- (the period's start) to moving in with the adoptive family, taken as the
-- start of the latest placed-for-adoption placement (A3-A6) of the period,
-- with no foster-carer adjustment (A10, the adjusted measure, is
-- int_indicators_adoption_timeliness). Children never placed for adoption
-- are left out, as in A10. One row per 31 March of the month spine.
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

periods as (

    select * from {{ ref('int_periods_of_care') }}

),

placements as (

    select * from {{ ref('int_placements') }}

),

adoption_placements as (

    select
        la_code,
        period_of_care_id,
        max(placement_start_date) as moved_in_date
    from placements
    where is_placed_for_adoption
    group by la_code, period_of_care_id

),

adoptions as (

    select
        periods.la_code,
        periods.period_of_care_id,
        periods.period_end_date as adoption_date,
        {{ dbt.datediff('periods.period_start_date', 'adoption_placements.moved_in_date', 'day') }}
            as days_to_move_in
    from periods
    inner join adoption_placements
        on
            periods.la_code = adoption_placements.la_code
            and periods.period_of_care_id = adoption_placements.period_of_care_id
    where periods.reason_ceased in {{ code_list('adopted_reason_ceased') }}

),

year_ends as (

    select
        la_code,
        period_end as year_ending
    from spine
    where extract(month from period_end) = 3

)

select
    year_ends.la_code,
    year_ends.year_ending,
    count(adoptions.period_of_care_id) as adoptions_with_move_in,
    coalesce(sum(adoptions.days_to_move_in), 0) as days_to_move_in
from year_ends
left join adoptions
    on
        year_ends.la_code = adoptions.la_code
        and {{ dbt.dateadd('year', -3, 'year_ends.year_ending') }} < adoptions.adoption_date
        and year_ends.year_ending >= adoptions.adoption_date
group by year_ends.la_code, year_ends.year_ending
