-- One row per health or dental assessment the health team knows of.
-- Rows of the extract as known on the as-of night (macros/latest_extract.sql).
with

source_rows as (

    {{ latest_extract(source('health', 'assessments'), recorded_at='recorded_at') }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows.child_id as varchar) as child_id,
        cast(source_rows.nhs_number as varchar) as nhs_number,
        cast(source_rows.assessment_type as varchar) as assessment_type,
        cast(source_rows.assessment_date as date) as assessment_date,
        cast(source_rows.outcome as varchar) as outcome_code,
        cast(source_rows.recorded_at as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
