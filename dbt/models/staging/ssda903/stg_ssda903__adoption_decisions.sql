-- 903 decisions that a child should be placed for adoption (PlacedAdoption),
-- staged as stg_social_care__adoption_decisions; recorded_at = the extract date.
with

source_rows as (

    {{ ssda903_latest_records(source('ssda903', 'placed_for_adoption'), ['CHILD', 'DATE_PLACED']) }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."DATE_PLACED" as date) as decision_date,
        cast(source_rows."DATE_PLACED_CEASED" as date) as decision_reversed_date,
        cast(source_rows."REASON_PLACED_CEASED" as varchar) as reason_reversed,
        cast(source_rows._extract_date as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
