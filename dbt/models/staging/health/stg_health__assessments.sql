-- One row per health or dental assessment the health team knows of.
-- Latest full extract on or before the as-of date; rows recorded after the as-of date (end of day) are not yet known.
with

source_rows as (

    select * from {{ source('health', 'assessments') }}

),

latest_extract as (

    select max(_extract_date) as extract_date
    from source_rows
    where _extract_date <= {{ as_of_date() }}

),

renamed as (

    select
        {{ la_code() }} as la_code,
        cast(source_rows.child_id as varchar) as child_id,
        cast(source_rows.nhs_number as varchar) as nhs_number,
        cast(source_rows.assessment_type as varchar) as assessment_type,
        cast(source_rows.assessment_date as date) as assessment_date,
        cast(source_rows.outcome as varchar) as outcome_code,
        cast(source_rows.recorded_at as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows
    inner join latest_extract
        on source_rows._extract_date = latest_extract.extract_date
    where source_rows.recorded_at < {{ as_of_date() }} + interval 1 day

)

select * from renamed
