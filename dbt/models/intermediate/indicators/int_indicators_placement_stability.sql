-- Placement stability at each month end (the DfE's two stability measures,
-- applied at every month end instead of only 31 March).
-- 3+ placements: children looked after at the month end who had three or
-- more placements in the 12 months ending then (every placement that was
-- open at any time in the window counts, including the one they started it
-- in and placements in an earlier period of care; temporary placements T0-T4
-- are not placements).
-- Long-term stability: children under 16 at the month end who had been
-- looked after continuously for at least 2.5 years (30 months); stable =
-- in the same placement for at least 2 years, or placed for adoption and the
-- adoptive placement together with the placement before it lasting at least
-- 2 years.
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

cohort as (

    select * from {{ ref('int_children_looked_after_monthly') }}

),

placements as (

    select * from {{ ref('int_placements') }}

),

placement_counts as (

    select
        cohort.la_code,
        cohort.period_end,
        cohort.child_id,
        count(placements.placement_id) as placements_in_12_months
    from cohort
    left join placements
        on
            cohort.la_code = placements.la_code
            and cohort.child_id = placements.child_id
            and cohort.period_end >= placements.placement_start_date
            and (
                placements.placement_end_date is null
                or placements.placement_end_date >= {{ rolling_window_start('cohort.period_end', 12) }}
            )
    group by cohort.la_code, cohort.period_end, cohort.child_id

),

long_term as (

    select
        la_code,
        period_end,
        child_id,
        placement_start_date <= {{ month_end_months_before('period_end', 24) }}
        or (
            coalesce(is_placed_for_adoption, false)
            and previous_placement_start_date <= {{ month_end_months_before('period_end', 24) }}
        ) is true as is_stable
    from cohort
    where
        age_at_period_end < 16
        and period_start_date <= {{ month_end_months_before('period_end', 30) }}

),

three_plus as (

    select
        la_code,
        period_end,
        count(*) as looked_after,
        count(*) filter (where placements_in_12_months >= 3) as three_plus_placements
    from placement_counts
    group by la_code, period_end

),

long_term_totals as (

    select
        la_code,
        period_end,
        count(*) as long_term_looked_after,
        count(*) filter (where is_stable) as long_term_stable
    from long_term
    group by la_code, period_end

),

totals as (

    select
        spine.la_code,
        spine.period_end,
        coalesce(three_plus.looked_after, 0) as looked_after,
        coalesce(three_plus.three_plus_placements, 0) as three_plus_placements,
        coalesce(long_term_totals.long_term_looked_after, 0) as long_term_looked_after,
        coalesce(long_term_totals.long_term_stable, 0) as long_term_stable
    from spine
    left join three_plus
        on
            spine.la_code = three_plus.la_code
            and spine.period_end = three_plus.period_end
    left join long_term_totals
        on
            spine.la_code = long_term_totals.la_code
            and spine.period_end = long_term_totals.period_end

)

{{ indicator_rows('totals', {
    'lac_3plus_placements_pct': ['three_plus_placements', 'looked_after'],
    'lac_placement_stability_2yrs_pct': ['long_term_stable', 'long_term_looked_after'],
}, period_type='month') }}
