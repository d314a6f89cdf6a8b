-- Households that stopped fostering, with the reason.
-- Latest full extract on or before the as-of date.
with

source_rows as (

    {{ latest_extract(source('fostering', 'deregistrations')) }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows.household_id as varchar) as household_id,
        cast(source_rows.deregistration_date as date) as deregistration_date,
        cast(source_rows.reason as varchar) as deregistration_reason,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
