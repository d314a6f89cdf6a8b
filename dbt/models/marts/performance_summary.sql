-- The performance table the papers publish, one row per indicator and month
-- end: this month's value, the financial year to date where the indicator
-- has one, the previous month and the direction of travel, the same month
-- last year, last year's outturn (the value at the previous 31 March: the
-- year-to-date figure for in-period counts and rates, the March month-end
-- figure otherwise) and the target and RAG. Improving = moving in the
-- direction the polarity calls good; null for information measures.
-- The benchmark columns are the DfE figures for the 31 March before the
-- reporting year, held constant across its months as the papers show them.
with

month_values as (

    select * from {{ ref('indicator_values') }}
    where period_type = 'month'

),

fytd_values as (

    select * from {{ ref('indicator_values') }}
    where period_type = 'fytd'

),

rag as (

    select * from {{ ref('indicator_rag') }}

),

indicators as (

    select * from {{ ref('indicators') }}

),

benchmarks as (

    select * from {{ ref('benchmarks_by_month') }}

),

joined as (

    select
        month_values.la_code,
        month_values.indicator_id,
        month_values.period_end,
        month_values.as_of_date,
        month_values.value,
        fytd_values.value as fytd_value,
        indicators.polarity,
        rag.target,
        rag.rag,
        make_date(
            case
                when month(month_values.period_end) >= 4 then year(month_values.period_end)
                else year(month_values.period_end) - 1
            end,
            3,
            31
        ) as last_year_end_date,
        lag(month_values.value) over (
            partition by month_values.la_code, month_values.indicator_id order by month_values.period_end
        ) as previous_month_value
    from month_values
    inner join indicators
        on month_values.indicator_id = indicators.indicator_id
    left join fytd_values
        on
            month_values.la_code = fytd_values.la_code
            and month_values.indicator_id = fytd_values.indicator_id
            and month_values.period_end = fytd_values.period_end
    left join rag
        on
            month_values.la_code = rag.la_code
            and month_values.indicator_id = rag.indicator_id
            and month_values.period_end = rag.period_end

),

with_history as (

    select
        joined.*,
        last_year.value as same_month_last_year_value,
        coalesce(outturn_fytd.value, outturn_month.value) as last_year_outturn_value
    from joined
    left join month_values as last_year
        on
            joined.la_code = last_year.la_code
            and joined.indicator_id = last_year.indicator_id
            and last_day(joined.period_end - interval 12 month) = last_year.period_end
    left join fytd_values as outturn_fytd
        on
            joined.la_code = outturn_fytd.la_code
            and joined.indicator_id = outturn_fytd.indicator_id
            and joined.last_year_end_date = outturn_fytd.period_end
    left join month_values as outturn_month
        on
            joined.la_code = outturn_month.la_code
            and joined.indicator_id = outturn_month.indicator_id
            and joined.last_year_end_date = outturn_month.period_end

)

select
    cast(with_history.la_code as varchar) as la_code,
    cast(with_history.indicator_id as varchar) as indicator_id,
    cast(with_history.period_end as date) as period_end,
    cast(with_history.as_of_date as date) as as_of_date,
    cast(with_history.value as double) as value,
    cast(with_history.fytd_value as double) as fytd_value,
    cast(with_history.previous_month_value as double) as previous_month_value,
    cast(
        case
            when with_history.value is null or with_history.previous_month_value is null then null
            when with_history.value > with_history.previous_month_value then 'up'
            when with_history.value < with_history.previous_month_value then 'down'
            else 'same'
        end as varchar
    ) as direction_of_travel,
    cast(
        case
            when
                with_history.value is null
                or with_history.previous_month_value is null
                or with_history.value = with_history.previous_month_value
                then null
            when with_history.polarity = 'high' then with_history.value > with_history.previous_month_value
            when with_history.polarity = 'low' then with_history.value < with_history.previous_month_value
        end as boolean
    ) as is_improving,
    cast(with_history.same_month_last_year_value as double) as same_month_last_year_value,
    cast(with_history.last_year_outturn_value as double) as last_year_outturn_value,
    cast(with_history.target as double) as target,
    cast(with_history.rag as varchar) as rag,
    cast(benchmarks.benchmark_year_ending as date) as benchmark_year_ending,
    cast(benchmarks.sn_average as double) as sn_average,
    cast(benchmarks.best_sn_value as double) as best_sn_value,
    cast(benchmarks.national_value as double) as national_value,
    cast(benchmarks.top_quartile_threshold as double) as top_quartile_threshold,
    cast(benchmarks.quartile_band as varchar) as quartile_band
from with_history
left join benchmarks
    on
        with_history.la_code = benchmarks.la_code
        and with_history.indicator_id = benchmarks.indicator_id
        and with_history.period_end = benchmarks.month_end_date
