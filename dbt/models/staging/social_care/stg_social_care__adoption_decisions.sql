-- Decisions that a child should be placed for adoption, and their reversal
-- (SSDA903 PlacedAdoption).
-- Rows of the extract as known on the as-of night (macros/latest_extract.sql).
with

source_rows as (

    {{ latest_extract(source('social_care', 'placed_for_adoption'), recorded_at='"RECORDED_AT"') }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."DATE_PLACED" as date) as decision_date,
        cast(source_rows."DATE_PLACED_CEASED" as date) as decision_reversed_date,
        cast(source_rows."REASON_PLACED_CEASED" as varchar) as reason_reversed,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
