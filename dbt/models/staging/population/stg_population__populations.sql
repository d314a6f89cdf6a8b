-- Children aged 0-17 per LA and mid-year.
-- Latest full extract on or before the as-of date.
with

source_rows as (

    {{ latest_extract(source('population', 'population')) }}

),

renamed as (

    select
        {{ la_code() }} as la_code,
        cast(source_rows.la_code as varchar) as population_la_code,
        cast(source_rows.mid_year as bigint) as mid_year,
        cast(source_rows.population_0_17 as bigint) as population_0_17,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
