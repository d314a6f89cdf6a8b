-- Statutory visits to looked-after children (operational; not in the SSDA903).
-- Rows of the extract as known on the as-of night (macros/latest_extract.sql).
with

source_rows as (

    {{ latest_extract(source('social_care', 'visits'), recorded_at='"RECORDED_AT"') }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."VISIT_ID" as varchar) as visit_id,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."VISIT_DATE" as date) as visit_date,
        cast(source_rows."SEEN_ALONE" as boolean) as is_seen_alone,
        cast(source_rows."WORKER_ID" as varchar) as worker_id,
        cast(source_rows."SIBLING_GROUP_ID" as varchar) as sibling_group_id,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
