-- An episode that starts before the child was born is impossible: a typing
-- error in DECOM or DOB. One row per such episode; the row carries no child
-- identifier because failures are counted in logs and alerts. A warning, not
-- an error: such an episode is quarantined before any figure is built
-- (int_episodes_checked, counted in marts.data_quality), and the check shows
-- the data team that the case system needs correcting.
{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'stg_social_care__episodes'}}}) }}

select episodes.la_code
from {{ ref('stg_social_care__episodes') }} as episodes
inner join {{ ref('stg_social_care__children') }} as children
    on
        episodes.la_code = children.la_code
        and episodes.child_id = children.child_id
where episodes.episode_start_date < children.birth_date
