-- SSDA903 episodes. A period of care is a run of episodes from RNE S to a REC
-- other than X1.
-- Rows of the extract as known on the as-of night (macros/latest_extract.sql).
with

source_rows as (

    {{ latest_extract(source('social_care', 'episodes'), recorded_at='"RECORDED_AT"') }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."DECOM" as date) as episode_start_date,
        cast(source_rows."RNE" as varchar) as reason_new_episode,
        cast(source_rows."LS" as varchar) as legal_status,
        cast(source_rows."CIN" as varchar) as category_of_need,
        cast(source_rows."PLACE" as varchar) as placement_type,
        cast(source_rows."PLACE_PROVIDER" as varchar) as placement_provider,
        cast(source_rows."DEC" as date) as episode_end_date,
        cast(source_rows."REC" as varchar) as reason_ceased,
        cast(source_rows."REASON_PLACE_CHANGE" as varchar) as reason_placement_change,
        cast(source_rows."HOME_POST" as varchar) as home_postcode,
        cast(source_rows."PL_POST" as varchar) as placement_postcode,
        cast(source_rows."URN" as varchar) as placement_urn,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
