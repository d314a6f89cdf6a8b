-- Approvals at fostering panel, including prospective carers still in
-- assessment.
-- Latest full extract on or before the as-of date.
with

source_rows as (

    {{ latest_extract(source('fostering', 'approvals')) }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows.household_id as varchar) as household_id,
        cast(source_rows.carer_type as varchar) as carer_type,
        cast(source_rows.stage as varchar) as approval_stage,
        cast(source_rows.stage_date as date) as stage_date,
        cast(source_rows.places_approved as bigint) as places_approved,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
