-- Attendance per child per school term.
-- Latest full extract on or before the as-of date.
with

source_rows as (

    select * from {{ source('virtual_school', 'attendance') }}

),

latest_extract as (

    select max(_extract_date) as extract_date
    from source_rows
    where _extract_date <= {{ as_of_date() }}

),

renamed as (

    select
        {{ la_code() }} as la_code,
        cast(child_id as varchar) as child_id,
        cast(upn as varchar) as upn,
        cast(academic_year as varchar) as academic_year,
        cast(term as varchar) as school_term,
        cast(sessions_possible as bigint) as sessions_possible,
        cast(sessions_missed as bigint) as sessions_missed,
        cast(reduced_timetable as boolean) as is_reduced_timetable,
        source_rows._extract_date as extract_date
    from source_rows
    inner join latest_extract
        on source_rows._extract_date = latest_extract.extract_date

)

select * from renamed
