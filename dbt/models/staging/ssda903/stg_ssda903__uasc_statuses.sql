-- 903 unaccompanied asylum-seeking children, staged as
-- stg_social_care__uasc_statuses; recorded_at = the extract date.
with

source_rows as (

    {{ ssda903_latest_records(source('ssda903', 'uasc'), ['CHILD']) }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."DUC" as date) as uasc_ceased_date,
        cast(source_rows._extract_date as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
