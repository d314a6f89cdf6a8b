-- Children aged 0-17 per LA and mid-year.
-- Latest full extract on or before the council's as-of date; each council
-- keeps only its own LA's rows.
with

source_rows as (

    {{ latest_extract(source('population', 'population')) }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows.la_code as varchar) as population_la_code,
        cast(source_rows.mid_year as bigint) as mid_year,
        cast(source_rows.population_0_17 as bigint) as population_0_17,
        source_rows._extract_date as extract_date
    from source_rows
    -- each council's own population: a council's extract may list other LAs
    where cast(source_rows.la_code as varchar) = source_rows._la_code

)

select * from renamed
