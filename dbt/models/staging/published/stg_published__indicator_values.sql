-- Indicator values as published on earlier nights (rename/cast only).
-- Nights after tonight's as-of date are left out, so rebuilding an earlier
-- night (var as_of_date) sees only what was published by then.
with

source_rows as (

    select * from {{ source('published', 'indicator_history') }}
    where as_of_date < {{ as_of_date() }}

),

renamed as (

    select
        cast(la_code as varchar) as la_code,
        cast(indicator_id as varchar) as indicator_id,
        cast(period_type as varchar) as period_type,
        cast(period_end as date) as period_end,
        cast(as_of_date as date) as as_of_date,
        cast(numerator as float8) as numerator,
        cast(denominator as float8) as denominator,
        cast(value as float8) as value
    from source_rows

)

select * from renamed
