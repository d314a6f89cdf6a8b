-- Personal education plans, one per child per school term.
-- Rows of the extract as known on the as-of night (macros/latest_extract.sql).
with

source_rows as (

    {{ latest_extract(source('virtual_school', 'peps'), recorded_at='recorded_at') }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows.child_id as varchar) as child_id,
        cast(source_rows.upn as varchar) as upn,
        cast(source_rows.academic_year as varchar) as academic_year,
        cast(source_rows.term as varchar) as school_term,
        cast(source_rows.pep_date as date) as pep_date,
        cast(source_rows.recorded_at as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
