-- One row per child known to the looked-after service (SSDA903 header).
-- Rows of the extract as known on the as-of night (macros/latest_extract.sql).
with

source_rows as (

    {{ latest_extract(source('social_care', 'header'), recorded_at='"RECORDED_AT"') }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."SEX" as varchar) as sex_code,
        cast(source_rows."DOB" as date) as birth_date,
        cast(source_rows."ETHNIC" as varchar) as ethnicity_code,
        cast(source_rows."UPN" as varchar) as upn,
        cast(source_rows."UASC" as boolean) as is_uasc,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
