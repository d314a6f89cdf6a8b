-- Care leaver contacts (SSDA903 OC3 fields), one row per contact; the latest
-- contact on or before a date gives the care leaver's status.
-- Rows of the extract as known on the as-of night (macros/latest_extract.sql).
with

source_rows as (

    {{ latest_extract(source('social_care', 'oc3'), recorded_at='"RECORDED_AT"') }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."CONTACT_DATE" as date) as contact_date,
        cast(source_rows."IN_TOUCH" as varchar) as in_touch_code,
        cast(source_rows."ACTIV" as varchar) as activity_code,
        cast(source_rows."ACCOM" as varchar) as accommodation_code,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
