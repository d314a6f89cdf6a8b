-- One row per child in the 903 (header), staged as stg_social_care__children.
-- SEX recoded to the contract's 1/2 (ssda903_sex_code); UASC = the child has
-- a row in the uasc table; recorded_at = the extract date (the 903 has no
-- recording stamp, so recording lag is known only to the drop).
with

header_rows as (

    {{ ssda903_latest_records(source('ssda903', 'header'), ['CHILD']) }}

),

uasc_rows as (

    {{ ssda903_latest_records(source('ssda903', 'uasc'), ['CHILD']) }}

),

renamed as (

    select
        {{ row_la_code('header_rows') }} as la_code,
        cast(header_rows."CHILD" as varchar) as child_id,
        {{ ssda903_sex_code('header_rows."SEX"') }} as sex_code,
        cast(header_rows."DOB" as date) as birth_date,
        cast(header_rows."ETHNIC" as varchar) as ethnicity_code,
        cast(header_rows."UPN" as varchar) as upn,
        exists(
            select 1 from uasc_rows
            where
                uasc_rows._la_code = header_rows._la_code
                and uasc_rows."CHILD" = header_rows."CHILD"
        ) as is_uasc,
        cast(header_rows._extract_date as timestamp) as recorded_at,
        header_rows._extract_date as extract_date
    from header_rows

)

select * from renamed
