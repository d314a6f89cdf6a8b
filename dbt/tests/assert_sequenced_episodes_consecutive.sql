-- After repair and quarantine (int_episodes_checked), the episodes periods
-- of care are built from are possible: none starts before the child's
-- birth, and each ends on or before the next one starts (an open episode
-- is the child's last). One row per offending episode, no identifier. An
-- error: a failure means a figure rests on an impossible sequence.
{{ config(meta={'dagster': {'ref': {'name': 'int_episodes_sequenced'}}}) }}

with

sequenced as (

    select
        episodes.la_code,
        episodes.episode_start_date,
        checked.birth_date,
        lag(episodes.episode_end_date) over (
            partition by episodes.la_code, episodes.child_id order by episodes.episode_start_date
        ) as previous_episode_end_date,
        lag(episodes.episode_start_date) over (
            partition by episodes.la_code, episodes.child_id order by episodes.episode_start_date
        ) as previous_episode_start_date,
        lag(episodes.reason_ceased) over (
            partition by episodes.la_code, episodes.child_id order by episodes.episode_start_date
        ) as previous_reason_ceased
    from {{ ref('int_episodes_sequenced') }} as episodes
    inner join {{ ref('int_episodes_checked') }} as checked
        on
            episodes.la_code = checked.la_code
            and episodes.child_id = checked.child_id
            and episodes.episode_start_date = checked.episode_start_date

)

select la_code
from sequenced
where
    episode_start_date < birth_date
    or previous_episode_end_date > episode_start_date
    or (
        previous_episode_start_date is not null
        and previous_episode_end_date is null
        and coalesce(previous_reason_ceased, '') = ''
    )
