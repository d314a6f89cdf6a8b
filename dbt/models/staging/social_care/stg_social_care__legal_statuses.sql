-- The case system's legal-status record of permanence orders (special
-- guardianship, child arrangements) granted after a period of being looked
-- after. Rows of the extract as known on the as-of night
-- (macros/latest_extract.sql).
with

source_rows as (

    {{ latest_extract(source('social_care', 'legal_statuses'), recorded_at='"RECORDED_AT"') }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."ORDER_TYPE" as varchar) as order_type,
        cast(source_rows."ORDER_DATE" as date) as order_date,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
