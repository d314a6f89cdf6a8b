-- Long-term fostering matches approved by the fostering panel: the child is
-- permanently matched to the placement with this URN. Rows of the extract as
-- known on the as-of night (macros/latest_extract.sql).
with

source_rows as (

    {{ latest_extract(source('social_care', 'permanence_matches'), recorded_at='"RECORDED_AT"') }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."MATCH_ID" as varchar) as match_id,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."MATCH_DATE" as date) as match_date,
        cast(source_rows."URN" as varchar) as placement_urn,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
