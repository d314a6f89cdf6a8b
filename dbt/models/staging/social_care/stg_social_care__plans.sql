-- Care plans and pathway plans (operational).
-- Rows of the extract as known on the as-of night (macros/latest_extract.sql).
with

source_rows as (

    {{ latest_extract(source('social_care', 'plans'), recorded_at='"RECORDED_AT"') }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."PLAN_ID" as varchar) as plan_id,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."PLAN_TYPE" as varchar) as plan_type,
        cast(source_rows."PLAN_DATE" as date) as plan_date,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
