-- Periods a child is known to the youth offending service or has an education,
-- health and care plan.
-- Rows of the extract as known on the as-of night (macros/latest_extract.sql).
with

source_rows as (

    {{ latest_extract(source('social_care', 'child_flags'), recorded_at='"RECORDED_AT"') }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."FLAG" as varchar) as flag_code,
        cast(source_rows."START_DATE" as date) as flag_start_date,
        cast(source_rows."END_DATE" as date) as flag_end_date,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
