-- SSDA903 episodes in order per child, with the flags every later model needs:
-- short breaks (legal status V3/V4: not looked after in the national
-- measures, so they never join a period of care), temporary placements
-- (T0-T4) and which period of care and which placement each episode belongs
-- to. Episodes as repaired by int_episodes_checked; quarantined ones are
-- left out.
--
-- Period of care: a run of episodes where each one but the last ended
-- with reason ceased X1 ("a new episode follows"); a new period starts at RNE S or
-- after any other reason ceased. A chain whose last episode ended X1 with no
-- episode after it is still open (see int_periods_of_care).
--
-- Placement (DfE stability measures): a new placement starts at the first
-- episode of a period and at every episode whose reason for new episode is a
-- placement change (RNE P, T, U, B; not L, a change of legal status only),
-- except that temporary placements (T0-T4: holidays, hospital, respite of up
-- to 21 days) do not start a placement and the return to the same carer
-- after one is not a move. A temporary episode belongs to the placement it
-- interrupts.
-- The carer is the placement's URN and postcode, not its placement code.
-- The SSDA903 guidance tells a change of placement from a change of carer
-- in its reason-for-new-episode codes:
--   P: change of placement and carer(s) only;
--   T: change of placement (but same carer(s)) only;
--   U: change of legal status and change of placement (but same carer(s)).
-- and its validation rule 383 requires that a child in a temporary
-- placement subsequently returns to his/her normal placement. So a child who
-- comes back from a T0-T4 episode to the carer they left (same URN and
-- postcode) has returned to the placement the temporary one interrupted,
-- even when the return is recorded under another placement code (U6, then
-- T4, then U4 with the same carer: child 1779411's case).
-- A gap in a chain (an episode ended X1 before the next one starts) means an
-- episode is missing: dropped at ingest (an invalid placement code, an end
-- before its start). When the carer on both sides of the gap is the same,
-- the missing episode interrupted the placement as a temporary one does, so
-- the child's return to that carer is not a move either (is_after_gap,
-- listed by int_data_quality_findings).
with

episodes as (

    select * from {{ ref('int_episodes_checked') }}
    where quarantine_rule is null

),

flagged as (

    select
        la_code,
        child_id,
        episode_start_date,
        episode_end_date,
        reason_new_episode,
        legal_status,
        placement_type,
        placement_provider,
        placement_urn,
        reason_ceased,
        is_short_break,
        placement_type in {{ code_list('temporary_placement') }} as is_temporary_placement,
        -- the carer: URN and postcode; the placement code only when neither
        -- is recorded (placements with parents or in the community)
        case
            when placement_urn is null and placement_postcode is null then placement_type
            else coalesce(placement_urn, '') || '|' || coalesce(placement_postcode, '')
        end as placement_key
    from episodes

),

care_episodes as (

    select
        *,
        lag(reason_ceased) over (
            partition by la_code, child_id order by episode_start_date
        ) as previous_reason_ceased,
        coalesce(
            lag(reason_ceased) over (partition by la_code, child_id order by episode_start_date) = 'X1'
            and lag(episode_end_date) over (partition by la_code, child_id order by episode_start_date)
            < episode_start_date,
            false
        ) as is_after_gap,
        lag(is_temporary_placement) over (
            partition by la_code, child_id order by episode_start_date
        ) as is_after_temporary_placement,
        {{ last_value_ignore_nulls(
            'case when not is_temporary_placement then placement_key end',
            'partition by la_code, child_id order by episode_start_date rows between unbounded preceding and 1 preceding'
        ) }} as previous_settled_placement_key
    from flagged
    where not is_short_break

),

period_starts as (

    select
        *,
        reason_new_episode = 'S' or coalesce(previous_reason_ceased, '') <> 'X1' as is_period_start
    from care_episodes

),

numbered_periods as (

    select
        *,
        sum(case when is_period_start then 1 else 0 end) over (
            partition by la_code, child_id order by episode_start_date rows unbounded preceding
        ) as period_of_care_number
    from period_starts

),

placement_starts as (

    -- A return needs a settled carer before it: with none (a period that,
    -- as received, opens with a temporary placement because its first
    -- episode was dropped at ingest) the comparison is unknown, and an
    -- unknown here would make the episode no placement start, merging a
    -- settled placement into the temporary one.
    select
        *,
        is_period_start
        or (
            reason_new_episode <> 'L'
            and not is_temporary_placement
            and not (
                (coalesce(is_after_temporary_placement, false) or is_after_gap)
                and coalesce(placement_key = previous_settled_placement_key, false)
            )
        ) as is_placement_start
    from numbered_periods

)

select
    la_code,
    child_id,
    episode_start_date,
    episode_end_date,
    reason_new_episode,
    legal_status,
    placement_type,
    placement_provider,
    placement_urn,
    reason_ceased,
    is_temporary_placement,
    is_after_gap,
    is_period_start,
    is_placement_start,
    child_id || '/' || period_of_care_number::varchar as period_of_care_id,
    child_id || '/' || period_of_care_number::varchar || '/'
    || sum(case when is_placement_start then 1 else 0 end) over (
        partition by la_code, child_id, period_of_care_number order by episode_start_date rows unbounded preceding
    )::varchar as placement_id
from placement_starts
