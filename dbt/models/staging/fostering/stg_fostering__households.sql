-- In-house foster households, current and past.
-- Latest full extract on or before the as-of date.
with

source_rows as (

    {{ latest_extract(source('fostering', 'households')) }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows.household_id as varchar) as household_id,
        cast(source_rows.carer_type as varchar) as carer_type,
        cast(source_rows.approval_date as date) as approval_date,
        cast(source_rows.places_approved as bigint) as places_approved,
        cast(source_rows.status as varchar) as household_status,
        cast(source_rows.deregistration_date as date) as deregistration_date,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
