-- Attendance per child per school term.
-- Latest full extract on or before the as-of date.
with

source_rows as (

    {{ latest_extract(source('virtual_school', 'attendance')) }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows.child_id as varchar) as child_id,
        cast(source_rows.upn as varchar) as upn,
        cast(source_rows.academic_year as varchar) as academic_year,
        cast(source_rows.term as varchar) as school_term,
        cast(source_rows.sessions_possible as bigint) as sessions_possible,
        cast(source_rows.sessions_missed as bigint) as sessions_missed,
        cast(source_rows.reduced_timetable as boolean) as is_reduced_timetable,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
