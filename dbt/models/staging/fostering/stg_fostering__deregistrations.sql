-- Households that stopped fostering, with the reason.
-- Latest full extract on or before the as-of date.
with

source_rows as (

    select * from {{ source('fostering', 'deregistrations') }}

),

latest_extract as (

    select max(_extract_date) as extract_date
    from source_rows
    where _extract_date <= {{ as_of_date() }}

),

renamed as (

    select
        {{ la_code() }} as la_code,
        cast(source_rows.household_id as varchar) as household_id,
        cast(source_rows.deregistration_date as date) as deregistration_date,
        cast(source_rows.reason as varchar) as deregistration_reason,
        source_rows._extract_date as extract_date
    from source_rows
    inner join latest_extract
        on source_rows._extract_date = latest_extract.extract_date

)

select * from renamed
