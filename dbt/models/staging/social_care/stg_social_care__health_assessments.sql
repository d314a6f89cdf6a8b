-- Health and dental assessments as recorded by social workers in the case
-- system.
-- Rows of the extract as known on the as-of night (macros/latest_extract.sql).
with

source_rows as (

    {{ latest_extract(source('social_care', 'health_assessments'), recorded_at='"RECORDED_AT"') }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."ASSESSMENT_ID" as varchar) as assessment_id,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."ASSESSMENT_TYPE" as varchar) as assessment_type,
        cast(source_rows."ASSESSMENT_DATE" as date) as assessment_date,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
