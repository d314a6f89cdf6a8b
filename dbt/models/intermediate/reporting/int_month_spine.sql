-- One row per council and complete month end, from the council's history
-- start to its own as-of night (int_councils). A month is reported once its
-- last day is on or before the as-of date: the papers report complete
-- months, so the current partial month is left out.
-- History start: the var history_start, else derived from each council's
-- own records: the month end 12 months after its earliest operational
-- record (review, visit or health assessment), because the statutory-cycle
-- indicators (reviews every 6 months, health and dental within 12 months,
-- 3+ placements in 12 months) need a year of records behind them; with no
-- operational records, the month end of its earliest episode start. Never
-- more than 84 months (7 years) before the as-of date: episodes of
-- children in care for many years would otherwise stretch the spine back
-- decades.
with

councils as (

    select * from {{ ref('int_councils') }}

),

first_episodes as (

    select
        la_code,
        min(episode_start_date) as first_episode_date
    from {{ ref('int_episodes_adapted') }}
    group by la_code

),

operational_records as (

    select
        la_code,
        min(review_date) as first_record_date
    from {{ ref('int_reviews_adapted') }}
    group by la_code
    union all
    select
        la_code,
        min(visit_date) as first_record_date
    from {{ ref('stg_social_care__visits') }}
    group by la_code
    union all
    select
        la_code,
        min(assessment_date) as first_record_date
    from {{ ref('stg_social_care__health_assessments') }}
    group by la_code

),

first_operational as (

    select
        la_code,
        min(first_record_date) as first_operational_date
    from operational_records
    group by la_code

),

bounds as (

    select
        councils.la_code,
        councils.as_of_date,
        coalesce(
            {{ history_start() }},
            -- greatest() skips nulls: no records at all must mean no spine
            case
                when first_episodes.first_episode_date is not null
                    then greatest(
                            last_day(coalesce(
                                first_operational.first_operational_date + interval '12 month',
                                first_episodes.first_episode_date
                            )),
                            last_day(councils.as_of_date - interval '84 month')
                        )
            end
        ) as history_start
    from councils
    left join first_episodes
        on councils.la_code = first_episodes.la_code
    left join first_operational
        on councils.la_code = first_operational.la_code

),

month_ends as (

    select
        bounds.la_code,
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
    la_code,
    period_end,
    cast(date_trunc('month', period_end) as date) as period_start,
    as_of_date,
    {{ financial_year_start('period_end') }} as financial_year_start,
    {{ financial_year_label('period_end') }} as financial_year
from month_ends
where period_end <= as_of_date
