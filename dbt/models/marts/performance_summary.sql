-- The performance table the papers publish, one row per indicator and month
-- end: this month's value, the financial year to date where the indicator
-- has one, the previous month and the direction of travel, the same month
-- last year, last year's outturn (the value at the previous 31 March: the
-- year-to-date figure for in-period counts and rates, the March month-end
-- figure otherwise) and the target and RAG. Improving = moving in the
-- direction the polarity calls good; null for information measures.
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
    cast(la_code as varchar) as la_code,
    cast(indicator_id as varchar) as indicator_id,
    cast(period_end as date) as period_end,
    cast(as_of_date as date) as as_of_date,
    cast(value as double) as value,
    cast(fytd_value as double) as fytd_value,
    cast(previous_month_value as double) as previous_month_value,
    cast(
        case
            when value is null or previous_month_value is null then null
            when value > previous_month_value then 'up'
            when value < previous_month_value then 'down'
            else 'same'
        end as varchar
    ) as direction_of_travel,
    cast(
        case
            when value is null or previous_month_value is null or value = previous_month_value then null
            when polarity = 'high' then value > previous_month_value
            when polarity = 'low' then value < previous_month_value
        end as boolean
    ) as is_improving,
    cast(same_month_last_year_value as double) as same_month_last_year_value,
    cast(last_year_outturn_value as double) as last_year_outturn_value,
    cast(target as double) as target,
    cast(rag as varchar) as rag
from with_history
