-- One row per placement (see int_episodes_sequenced for what starts one):
-- its settled placement type, start and end, and the placement before it in
-- the same period of care (for the long-term stability rule on adoption).
-- A placement ends when the next one in its period starts; the last one
-- when its last episode ends. Episode end dates are not trusted for earlier
-- placements: the case system is known to copy a period's end date into
-- its earlier episodes (2019 paper), which would make placements overlap.
with

episodes as (

    select * from {{ ref('int_episodes_sequenced') }}

),

placements as (

    select
        la_code,
        child_id,
        period_of_care_id,
        placement_id,
        min(episode_start_date) as placement_start_date,
        {{ arg_max_null('episode_end_date', 'episode_start_date') }} as last_episode_end_date,
        {{ arg_max_null('reason_ceased', 'episode_start_date') }} as last_reason_ceased,
        {{ arg_min('placement_type', 'episode_start_date') }} as placement_type,
        {{ arg_min('placement_provider', 'episode_start_date') }} as placement_provider,
        {{ arg_min('placement_urn', 'episode_start_date') }} as placement_urn
    from episodes
    group by la_code, child_id, period_of_care_id, placement_id

)

select
    la_code,
    child_id,
    period_of_care_id,
    placement_id,
    placement_start_date,
    placement_type,
    placement_provider,
    placement_urn,
    coalesce(
        lead(placement_start_date) over (partition by la_code, period_of_care_id order by placement_start_date),
        case when coalesce(last_reason_ceased, '') <> 'X1' then last_episode_end_date end
    ) as placement_end_date,
    placement_type in {{ code_list('placed_for_adoption') }} as is_placed_for_adoption,
    lag(placement_start_date) over (
        partition by la_code, period_of_care_id order by placement_start_date
    ) as previous_placement_start_date
from placements
