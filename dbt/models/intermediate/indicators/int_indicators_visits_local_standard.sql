-- Statutory visits up to date at the month end to the local standard (2017
-- ref 6.16): within the first week of a placement, then every four weeks
-- until the child has been permanently matched to the placement, after
-- which the national minimum standard applies (macros/visits.sql, shared
-- with int_indicators_visits).
-- Permanently matched = a long-term fostering match for the current
-- placement's URN dated on or after the placement started and on or before
-- the month end (a match to an earlier placement does not count), or placed
-- for adoption (A3-A6). Otherwise the next visit is due 7 days after the
-- placement started if there has been none since, else 28 days after the
-- last visit. Up to date = not yet overdue at the month end. Temporary
-- placements (T0-T4) do not restart the clock (see int_episodes_sequenced).
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

matches as (

    select * from {{ ref('stg_social_care__permanence_matches') }}

),

last_visits as (

    {{ last_visit_since_placement('cohort', 'visits', ['placement_urn', 'is_placed_for_adoption']) }}

),

matched as (

    select distinct
        last_visits.period_end,
        last_visits.child_id
    from last_visits
    inner join matches
        on
            last_visits.child_id = matches.child_id
            and last_visits.placement_urn = matches.placement_urn
            and matches.match_date between last_visits.placement_start_date and last_visits.period_end

),

visit_status as (

    select
        last_visits.period_end,
        last_visits.child_id,
        case
            when coalesce(last_visits.is_placed_for_adoption, false) or matched.child_id is not null
                then {{ next_visit_due_nms('last_visits.last_visit_date', 'last_visits.placement_start_date') }}
            when last_visits.last_visit_date is null then last_visits.placement_start_date + 7
            else last_visits.last_visit_date + 28
        end as next_visit_due_date
    from last_visits
    left join matched
        on
            last_visits.period_end = matched.period_end
            and last_visits.child_id = matched.child_id

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
    'lac_visits_rotherham_standard_pct' as indicator_id,
    'month' as period_type,
    period_end,
    visits_up_to_date as numerator,
    looked_after as denominator
from totals
