-- SSDA903 episodes with the sequence defects the case system is known for
-- repaired where the truth can be inferred, and quarantined where it cannot
-- and a figure would otherwise be wrong. One row per staged episode; every
-- later model reads the rows whose quarantine_rule is null, and
-- int_data_quality_findings lists each repair and quarantine by rule.
--
-- Repairs (repair_rule, the original end kept in original_episode_end_date):
-- - end_after_next_episode_start: an episode cannot end after the child's
--   next episode starts (episodes are consecutive). Ended X1 ("episode
--   ceases, and new episode begins on same day", SSDA903 REC code), it ends
--   on the next episode's start: that is what X1 records. Ended with another
--   reason, the end date is the case system's copy of a later period's end
--   (the LCS defect, 2019 paper): the period ended before the next one
--   started, and no later than the night its end was recorded (an end cannot
--   be recorded before it happens).
-- - x1_without_end_date: ended X1 but the end date is blank (a field the
--   ingest nulled): the next episode's start, as X1 records.
--
-- Quarantines (quarantine_rule): the episode is left out of every period of
-- care.
-- - starts_before_birth: the start date is impossible (DECOM or DOB
--   mistyped) and nothing tells the true start; counting the child from a
--   date before birth adds years of care.
-- - open_episode_overlaps_next: an episode with neither an end date nor a
--   reason ceased is followed by another episode: two open episodes at once
--   cannot both be right, and nothing says when the first ended.
-- Short breaks (V3/V4) are not periods of care and are passed through as
-- they are; they do not count as a "next episode" either.
with

episodes as (

    select * from {{ ref('int_episodes_adapted') }}

),

children as (

    select * from {{ ref('int_children_adapted') }}

),

flagged as (

    select
        episodes.*,
        children.birth_date,
        episodes.legal_status in {{ code_list('short_break_legal_status') }} as is_short_break,
        coalesce(episodes.episode_start_date < children.birth_date, false) as is_before_birth
    from episodes
    left join children
        on
            episodes.la_code = children.la_code
            and episodes.child_id = children.child_id

),

with_next as (

    select
        *,
        -- the next care episode that is itself usable (short breaks and
        -- impossible starts are not where a chain continues)
        case
            when not is_short_break and not is_before_birth
                then lead(episode_start_date) over (
                        partition by la_code, child_id, (is_short_break or is_before_birth)
                        order by episode_start_date
                    )
        end as next_episode_start_date
    from flagged

),

checked as (

    select
        *,
        case
            when is_before_birth and not is_short_break then 'starts_before_birth'
            when
                next_episode_start_date is not null
                and episode_end_date is null
                and coalesce(reason_ceased, '') = ''
                then 'open_episode_overlaps_next'
        end as quarantine_rule,
        case
            when next_episode_start_date is null then null
            when episode_end_date > next_episode_start_date then 'end_after_next_episode_start'
            when episode_end_date is null and reason_ceased = 'X1' then 'x1_without_end_date'
        end as repair_rule
    from with_next

)

select
    la_code,
    child_id,
    episode_start_date,
    episode_end_date as original_episode_end_date,
    reason_new_episode,
    legal_status,
    placement_type,
    placement_provider,
    placement_urn,
    placement_postcode,
    reason_ceased,
    recorded_at,
    birth_date,
    is_short_break,
    quarantine_rule,
    case
        when repair_rule is null or quarantine_rule is not null then episode_end_date
        when reason_ceased = 'X1' then next_episode_start_date
        else greatest(episode_start_date, least(next_episode_start_date, cast(recorded_at as date)))
    end as episode_end_date,
    case when quarantine_rule is null then repair_rule end as repair_rule
from checked
