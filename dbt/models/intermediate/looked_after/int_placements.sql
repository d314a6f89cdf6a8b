-- One row per placement (see int_episodes_sequenced for what starts one):
-- its settled placement type, start and end, and the placement before it in
-- the same period of care (for the long-term stability rule on adoption).
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
        case
            when count(*) filter (where episode_end_date is null) > 0 then null
            else max(episode_end_date)
        end as placement_end_date,
        arg_min(placement_type, episode_start_date) as placement_type,
        arg_min(placement_provider, episode_start_date) as placement_provider,
        arg_min(placement_urn, episode_start_date) as placement_urn
    from episodes
    group by la_code, child_id, period_of_care_id, placement_id

)

select
    *,
    placement_type in ('A3', 'A4', 'A5', 'A6') as is_placed_for_adoption,
    lag(placement_start_date) over (
        partition by period_of_care_id order by placement_start_date
    ) as previous_placement_start_date
from placements
