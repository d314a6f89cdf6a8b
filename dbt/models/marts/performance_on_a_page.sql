-- "Performance on a page": the headline figures (catalogue on_a_page says
-- which, and whether the page shows the month-end figure or the year to
-- date), each with the same period of the previous financial year and the
-- difference, "figures in brackets show the difference compared to the
-- same period in the previous financial year". performance_direction says
-- whether the change is good, bad or stable by the indicator's polarity
-- (null for information measures).
with

indicator_values as (

    select * from {{ ref('indicator_values') }}

),

indicators as (

    select * from {{ ref('indicators') }}
    where on_a_page is not null and on_a_page != ''

),

headline as (

    select
        indicator_values.la_code,
        indicator_values.indicator_id,
        indicator_values.period_type,
        indicator_values.period_end,
        indicator_values.as_of_date,
        indicator_values.value,
        indicators.reference,
        indicators.title,
        indicators.unit,
        indicators.polarity
    from indicator_values
    inner join indicators
        on
            indicator_values.indicator_id = indicators.indicator_id
            and indicator_values.period_type = indicators.on_a_page

),

compared as (

    select
        headline.*,
        last_year.value as same_period_last_year_value,
        headline.value - last_year.value as change_on_last_year
    from headline
    left join headline as last_year
        on
            headline.la_code = last_year.la_code
            and headline.indicator_id = last_year.indicator_id
            and last_day(headline.period_end - interval '12 month') = last_year.period_end

)

select
    cast(la_code as varchar) as la_code,
    cast(period_end as date) as period_end,
    cast(as_of_date as date) as as_of_date,
    cast(reference as varchar) as reference,
    cast(indicator_id as varchar) as indicator_id,
    cast(title as varchar) as indicator,
    cast(unit as varchar) as unit,
    cast(period_type as varchar) as period_type,
    cast(value as float8) as value,
    cast(same_period_last_year_value as float8) as same_period_last_year_value,
    cast(round(change_on_last_year, 4) as float8) as change_on_last_year,
    cast(
        case
            when change_on_last_year is null or polarity not in ('high', 'low') then null
            when change_on_last_year = 0 then 'stable'
            when (change_on_last_year > 0) = (polarity = 'high') then 'good'
            else 'bad'
        end as varchar
    ) as performance_direction
from compared
