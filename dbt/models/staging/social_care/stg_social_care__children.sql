-- One row per child known to the looked-after service (SSDA903 header).
-- Latest full extract on or before the as-of date; rows recorded after the as-of date (end of day) are not yet known.
with

source_rows as (

    select * from {{ source('social_care', 'header') }}

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
        cast(source_rows."SEX" as varchar) as sex_code,
        cast(source_rows."DOB" as date) as birth_date,
        cast(source_rows."ETHNIC" as varchar) as ethnicity_code,
        cast(source_rows."UPN" as varchar) as upn,
        cast(source_rows."UASC" as boolean) as is_uasc,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows
    inner join latest_extract
        on source_rows._extract_date = latest_extract.extract_date
    where source_rows."RECORDED_AT" < {{ as_of_date() }} + interval 1 day

)

select * from renamed
