-- Social workers and their teams.
-- Rows of the extract as known on the as-of night (macros/latest_extract.sql).
with

source_rows as (

    {{ latest_extract(source('social_care', 'workers'), recorded_at='"RECORDED_AT"') }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."WORKER_ID" as varchar) as worker_id,
        cast(source_rows."TEAM_ID" as varchar) as team_id,
        cast(source_rows."TEAM_NAME" as varchar) as team_name,
        cast(source_rows."FTE" as varchar) as fte,
        cast(source_rows."START_DATE" as date) as worker_start_date,
        cast(source_rows."END_DATE" as date) as worker_end_date,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
