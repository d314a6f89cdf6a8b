-- Missing and away-from-placement episodes (SSDA903 missing).
-- Rows of the extract as known on the as-of night (macros/latest_extract.sql).
with

source_rows as (

    {{ latest_extract(source('social_care', 'missing'), recorded_at='"RECORDED_AT"') }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."MISSING" as varchar) as missing_type,
        cast(source_rows."MIS_START" as date) as missing_start_date,
        cast(source_rows."MIS_END" as date) as missing_end_date,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
