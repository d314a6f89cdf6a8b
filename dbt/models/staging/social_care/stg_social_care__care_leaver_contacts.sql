-- Care leaver contacts (SSDA903 OC3 fields), one row per contact; the latest
-- contact on or before a date gives the care leaver's status.
-- Latest full extract on or before the as-of date; rows recorded after the as-of date (end of day) are not yet known.
with

source_rows as (

    select * from {{ source('social_care', 'oc3') }}

),

latest_extract as (

    select max(_extract_date) as extract_date
    from source_rows
    where _extract_date <= {{ as_of_date() }}

),

renamed as (

    select
        {{ la_code() }} as la_code,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."CONTACT_DATE" as date) as contact_date,
        cast(source_rows."IN_TOUCH" as varchar) as in_touch_code,
        cast(source_rows."ACTIV" as varchar) as activity_code,
        cast(source_rows."ACCOM" as varchar) as accommodation_code,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows
    inner join latest_extract
        on source_rows._extract_date = latest_extract.extract_date
    where source_rows."RECORDED_AT" < {{ as_of_date() }} + interval 1 day

)

select * from renamed
