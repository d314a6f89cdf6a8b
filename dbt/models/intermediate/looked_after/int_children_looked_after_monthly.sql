-- The month-end cohort: one row per child looked after at each month end
-- (short breaks excluded), with their period of care and current placement.
-- Looked after at a month end = the period of care started on or before it
-- and had not ended by it (a child who leaves care on the last day of the
-- month is not looked after at that month end, as the DfE counts 31 March).
-- Nobody is looked after on or after their 18th birthday, even when the
-- episode is still open in the case system (late recording of the leaving
-- date is common).
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

cohort as (

    select
        {{ distinct_on('spine.la_code, spine.period_end, periods.child_id') -}}
        spine.la_code,
        spine.period_end,
        periods.child_id,
        periods.period_of_care_id,
        periods.period_start_date,
        periods.birth_date,
        periods.is_uasc,
        {{ age_in_years('periods.birth_date', 'spine.period_end') }} as age_at_period_end
    from spine
    inner join periods
        on
            spine.la_code = periods.la_code
            and spine.period_end >= periods.period_start_date
            and (periods.period_end_date is null or spine.period_end < periods.period_end_date)
    where periods.birth_date is null or periods.birth_date + interval '18 year' > spine.period_end
    -- overlapping records can leave two periods open: count the child once,
    -- in the latest
    {{ first_per_partition('spine.la_code, spine.period_end, periods.child_id', 'periods.period_start_date desc') }}

)

select
    cohort.*,
    placements.placement_id,
    placements.placement_start_date,
    placements.placement_type,
    placements.placement_provider,
    placements.placement_urn,
    placements.is_placed_for_adoption,
    placements.previous_placement_start_date,
    datediff('day', cohort.period_start_date, cohort.period_end) + 1 as days_looked_after
from cohort
left join placements
    on
        cohort.la_code = placements.la_code
        and cohort.period_of_care_id = placements.period_of_care_id
        and cohort.period_end >= placements.placement_start_date
        and (placements.placement_end_date is null or cohort.period_end < placements.placement_end_date)
