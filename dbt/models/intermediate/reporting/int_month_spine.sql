-- One row per complete month end from the history start to the as-of date.
-- A month is reported once its last day is on or before the as-of date: the
-- papers report complete months, so the current partial month is left out.
-- History start: the var history_start, else derived from the data: the
-- month end 12 months after the earliest operational record (review, visit
-- or health assessment), because the statutory-cycle indicators (reviews
-- every 6 months, health and dental within 12 months, 3+ placements in 12
-- months) need a year of records behind them; with no operational records,
-- the month end of the earliest episode start. Never more than 84 months (7
-- years) before the as-of date: episodes of children in care for many years
-- would otherwise stretch the spine back decades.
with

first_records as (

    select
        (select min(episode_start_date) from {{ ref('int_episodes_adapted') }}) as first_episode_date,
        least(
            (select min(review_date) from {{ ref('int_reviews_adapted') }}),
            (select min(visit_date) from {{ ref('stg_social_care__visits') }}),
            (select min(assessment_date) from {{ ref('stg_social_care__health_assessments') }})
        ) as first_operational_date

),

bounds as (

    select
        {{ as_of_date() }} as as_of_date,
        coalesce(
            {{ history_start() }},
            -- greatest() skips nulls: no records at all must mean no spine
            case
                when first_episode_date is not null
                    then greatest(
                            last_day(coalesce(first_operational_date + interval '12 month', first_episode_date)),
                            last_day({{ as_of_date() }} - interval '84 month')
                        )
            end
        ) as history_start
    from first_records

),

month_ends as (

    select
        bounds.as_of_date,
        last_day(cast(month_start.month_start_at as date)) as period_end
    from bounds
    cross join
        generate_series(
            cast(date_trunc('month', bounds.history_start) as timestamp),
            cast(date_trunc('month', bounds.as_of_date) as timestamp),
            interval '1 month'
        ) as month_start (month_start_at)

)

select
    {{ la_code() }} as la_code,
    period_end,
    cast(date_trunc('month', period_end) as date) as period_start,
    as_of_date,
    {{ financial_year_start('period_end') }} as financial_year_start,
    {{ financial_year_label('period_end') }} as financial_year
from month_ends
where period_end <= as_of_date
