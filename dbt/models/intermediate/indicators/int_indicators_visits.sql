-- Statutory visits up to date at the month end (national minimum standard:
-- within 1 week of the start of a placement, then at least every 6 weeks in
-- the placement's first year, then at least every 12 weeks).
-- Only visits since the current placement started count. The next visit is
-- due 7 days after the placement started if there has been none, else 42
-- days after the last visit if that visit was in the placement's first year,
-- else 84 days after it. Up to date = not yet overdue at the month end.
-- Temporary placements (T0-T4) do not restart the clock (see
-- int_episodes_sequenced). The rule is shared with the local standard
-- (macros/visits.sql).
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

cohort as (

    select * from {{ ref('int_children_looked_after_monthly') }}

),

visits as (

    select * from {{ ref('stg_social_care__visits') }}

),

last_visits as (

    {{ last_visit_since_placement('cohort', 'visits') }}

),

visit_status as (

    select
        *,
        {{ next_visit_due_nms('last_visit_date', 'placement_start_date') }} as next_visit_due_date
    from last_visits

),

totals as (

    select
        spine.la_code,
        spine.period_end,
        count(visit_status.child_id) as looked_after,
        count(visit_status.child_id) filter (where visit_status.next_visit_due_date >= spine.period_end)
            as visits_up_to_date
    from spine
    left join visit_status
        on spine.period_end = visit_status.period_end
    group by spine.la_code, spine.period_end

)

select
    la_code,
    'lac_visits_nms_pct' as indicator_id,
    'month' as period_type,
    period_end,
    visits_up_to_date as numerator,
    looked_after as denominator
from totals
