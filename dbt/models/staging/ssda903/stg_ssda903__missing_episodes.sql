-- 903 missing and away-from-placement episodes, staged as
-- stg_social_care__missing_episodes; recorded_at = the extract date.
with

source_rows as (

    {{ ssda903_latest_records(source('ssda903', 'missing'), ['CHILD', 'MIS_START']) }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."MISSING" as varchar) as missing_type,
        cast(source_rows."MIS_START" as date) as missing_start_date,
        cast(source_rows."MIS_END" as date) as missing_end_date,
        cast(source_rows._extract_date as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
