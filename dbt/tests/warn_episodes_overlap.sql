-- A child's episodes must follow one another: each starts on or after the
-- previous one ended. An overlap is either two open placements at once or the
-- case-system defect the 2019 paper describes, where a later episode's end
-- date is copied into the child's earlier episodes. One row per overlapping
-- episode, with no child identifier. A warning: the end date is repaired
-- from the next episode's start, or the episode quarantined, before any
-- figure is built (int_episodes_checked; assert_sequenced_episodes_consecutive
-- checks the result), but the record needs correcting.
{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'stg_social_care__episodes'}}}) }}

with

sequenced as (

    select
        la_code,
        episode_start_date,
        lag(episode_end_date) over (
            partition by la_code, child_id order by episode_start_date
        ) as previous_episode_end_date,
        lag(episode_start_date) over (
            partition by la_code, child_id order by episode_start_date
        ) as previous_episode_start_date
    from {{ ref('stg_social_care__episodes') }}

)

select la_code
from sequenced
where
    previous_episode_start_date is not null
    and (
        previous_episode_end_date is null
        or previous_episode_end_date > episode_start_date
    )
