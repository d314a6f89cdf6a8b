-- Social workers and their teams.
-- Latest full extract on or before the as-of date; rows recorded after the as-of date (end of day) are not yet known.
with

source_rows as (

    select * from {{ source('social_care', 'workers') }}

),

latest_extract as (

    select max(_extract_date) as extract_date
    from source_rows
    where _extract_date <= {{ as_of_date() }}

),

renamed as (

    select
        {{ la_code() }} as la_code,
        cast(source_rows."WORKER_ID" as varchar) as worker_id,
        cast(source_rows."TEAM_ID" as varchar) as team_id,
        cast(source_rows."TEAM_NAME" as varchar) as team_name,
        cast(source_rows."FTE" as varchar) as fte,
        cast(source_rows."START_DATE" as date) as worker_start_date,
        cast(source_rows."END_DATE" as date) as worker_end_date,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows
    inner join latest_extract
        on source_rows._extract_date = latest_extract.extract_date
    where source_rows."RECORDED_AT" < {{ as_of_date() }} + interval 1 day

)

select * from renamed
