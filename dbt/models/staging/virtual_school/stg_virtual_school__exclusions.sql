-- Suspensions and permanent exclusions.
-- Latest full extract on or before the as-of date.
with

source_rows as (

    {{ latest_extract(source('virtual_school', 'exclusions')) }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows.child_id as varchar) as child_id,
        cast(source_rows.upn as varchar) as upn,
        cast(source_rows.exclusion_type as varchar) as exclusion_type,
        cast(source_rows.start_date as date) as exclusion_start_date,
        cast(source_rows.sessions as bigint) as sessions_excluded,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
