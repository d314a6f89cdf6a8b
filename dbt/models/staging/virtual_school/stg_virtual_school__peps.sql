-- Personal education plans, one per child per school term.
-- Latest full extract on or before the as-of date; rows recorded after the as-of date (end of day) are not yet known.
with

source_rows as (

    select * from {{ source('virtual_school', 'peps') }}

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
        cast(source_rows.upn as varchar) as upn,
        cast(source_rows.academic_year as varchar) as academic_year,
        cast(source_rows.term as varchar) as school_term,
        cast(source_rows.pep_date as date) as pep_date,
        cast(source_rows.recorded_at as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows
    inner join latest_extract
        on source_rows._extract_date = latest_extract.extract_date
    where source_rows.recorded_at < {{ as_of_date() }} + interval 1 day

)

select * from renamed
