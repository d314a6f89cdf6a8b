-- Decisions that a child should be placed for adoption, and their reversal
-- (SSDA903 PlacedAdoption).
-- Latest full extract on or before the as-of date; rows recorded after the as-of date (end of day) are not yet known.
with

source_rows as (

    select * from {{ source('social_care', 'placed_for_adoption') }}

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
        cast(source_rows."DATE_PLACED" as date) as decision_date,
        cast(source_rows."DATE_PLACED_CEASED" as date) as decision_reversed_date,
        cast(source_rows."REASON_PLACED_CEASED" as varchar) as reason_reversed,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows
    inner join latest_extract
        on source_rows._extract_date = latest_extract.extract_date
    where source_rows."RECORDED_AT" < {{ as_of_date() }} + interval 1 day

)

select * from renamed
