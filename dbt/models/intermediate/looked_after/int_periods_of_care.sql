-- One row per period of care (short breaks excluded): start, end (null while
-- open) and the reason the last episode ceased.
-- A period whose last episode ended X1 ("episode ceases, and new episode
-- begins on same day", SSDA903 REC code) has a next episode by definition:
-- when none is there (quarantined at ingest, or not yet recorded), the
-- child is still looked after and the period stays open, flagged
-- is_held_open ("record under correction"). Reading X1 as a cessation would
-- move a child out of care because one episode row was unusable.
with

episodes as (

    select * from {{ ref('int_episodes_sequenced') }}

),

children as (

    select * from {{ ref('int_children_adapted') }}

),

periods as (

    select
        la_code,
        child_id,
        period_of_care_id,
        min(episode_start_date) as period_start_date,
        -- the period ends when its latest episode ends (open while that one
        -- is open): earlier episodes' end dates may be copies (see
        -- int_placements) or left blank by overlapping records
        {{ arg_max_null('episode_end_date', 'episode_start_date') }} as period_end_date,
        {{ arg_max_null('reason_ceased', 'episode_start_date') }} as reason_ceased,
        count(*) as episode_count
    from episodes
    group by la_code, child_id, period_of_care_id

)

select
    periods.la_code,
    periods.child_id,
    periods.period_of_care_id,
    periods.period_start_date,
    periods.episode_count,
    children.birth_date,
    case when coalesce(periods.reason_ceased, '') <> 'X1' then periods.period_end_date end as period_end_date,
    case
        when periods.period_end_date is not null and coalesce(periods.reason_ceased, '') <> 'X1'
            then periods.reason_ceased
    end as reason_ceased,
    coalesce(periods.reason_ceased = 'X1', false) as is_held_open,
    coalesce(children.is_uasc, false) as is_uasc
from periods
left join children
    on
        periods.la_code = children.la_code
        and periods.child_id = children.child_id
