-- The councils of the warehouse side by side: for each council's latest
-- complete month (its own: the newest month end of its month values, as
-- known on its newest night), every indicator value of that month end
-- (each period type) with its target and RAG (indicator_rag), the council's
-- DfE benchmark band and its rank among the warehouse's councils.
--
-- Benchmark band: where the council's own value sits among the DfE's
-- published values of every English LA for the same measure and year: the
-- DfE year in force at the month end (benchmarks_by_month: the latest
-- published by then), and its quartiles across LAs (benchmarks, computed
-- as for the benchmark LA's own quartile_band): A = at or better than the
-- top-quartile threshold, B = at or better than the median, C = at or
-- better than the other quartile boundary, D = worse; a value on a boundary
-- takes the better band; "better" follows the DfE measure's polarity. Null
-- for indicators the DfE does not publish (no benchmark), for months before
-- the first DfE year, and for a missing value. The England value and the
-- council's statistical-neighbour average (its benchmark LA's neighbours)
-- are carried beside it.
--
-- Regional rank: 1 = best among the councils with a value for the
-- indicator and period type, in the indicator's good direction (catalogue
-- polarity high: highest first; low: lowest first); equal values share the
-- better rank (rank(), so 1, 1, 3); a council without a value, and every
-- council for information and range measures (no good direction), has no
-- rank. Councils whose latest months differ are ranked on their own latest
-- months. One council: rank 1 of 1.
with

rag as (

    select * from {{ ref('indicator_rag') }}

),

indicators as (

    select * from {{ ref('indicators') }}

),

councils as (

    select * from {{ ref('stg_pipeline__councils') }}

),

benchmarks_by_month as (

    select * from {{ ref('benchmarks_by_month') }}

),

benchmarks as (

    select * from {{ ref('benchmarks') }}

),

latest_nights as (

    select
        la_code,
        max(as_of_date) as as_of_date
    from rag
    group by la_code

),

latest_months as (

    select
        rag.la_code,
        rag.as_of_date,
        max(rag.period_end) as period_end
    from rag
    inner join latest_nights
        on
            rag.la_code = latest_nights.la_code
            and rag.as_of_date = latest_nights.as_of_date
    where rag.period_type = 'month'
    group by rag.la_code, rag.as_of_date

),

latest_values as (

    select
        rag.la_code,
        rag.indicator_id,
        rag.period_type,
        rag.period_end,
        rag.as_of_date,
        rag.value,
        rag.target,
        rag.rag,
        indicators.title,
        indicators.unit,
        indicators.polarity
    from rag
    inner join latest_months
        on
            rag.la_code = latest_months.la_code
            and rag.as_of_date = latest_months.as_of_date
            and rag.period_end = latest_months.period_end
    inner join indicators
        on rag.indicator_id = indicators.indicator_id

),

with_benchmarks as (

    select
        latest_values.*,
        benchmarks.year_ending as benchmark_year_ending,
        benchmarks.national_value,
        benchmarks.sn_average,
        benchmarks.top_quartile_threshold,
        benchmarks.median_la_value,
        benchmarks.bottom_quartile_threshold,
        case
            when
                latest_values.value is null
                or benchmarks.median_la_value is null
                or benchmarks.polarity not in ('high', 'low')
                then null
            when benchmarks.polarity = 'low' and latest_values.value <= benchmarks.top_quartile_threshold then 'A'
            when benchmarks.polarity = 'low' and latest_values.value <= benchmarks.median_la_value then 'B'
            when benchmarks.polarity = 'low' and latest_values.value <= benchmarks.bottom_quartile_threshold then 'C'
            when benchmarks.polarity = 'low' then 'D'
            when latest_values.value >= benchmarks.top_quartile_threshold then 'A'
            when latest_values.value >= benchmarks.median_la_value then 'B'
            when latest_values.value >= benchmarks.bottom_quartile_threshold then 'C'
            else 'D'
        end as benchmark_band
    from latest_values
    left join benchmarks_by_month
        on
            latest_values.la_code = benchmarks_by_month.la_code
            and latest_values.indicator_id = benchmarks_by_month.indicator_id
            and latest_values.period_end = benchmarks_by_month.month_end_date
    left join benchmarks
        on
            benchmarks_by_month.la_code = benchmarks.la_code
            and benchmarks_by_month.indicator_id = benchmarks.indicator_id
            and benchmarks_by_month.benchmark_year_ending = benchmarks.year_ending

),

rankable as (

    select
        la_code,
        indicator_id,
        period_type,
        rank() over (
            partition by indicator_id, period_type
            order by case when polarity = 'low' then value else -value end
        ) as regional_rank
    from latest_values
    where value is not null and polarity in ('high', 'low')

),

councils_reporting as (

    -- Councils with a row for the indicator and period type, and those of
    -- them ranked (a value, and a good direction).
    select
        indicator_id,
        period_type,
        count(*) as councils_reporting,
        count(case when value is not null and polarity in ('high', 'low') then 1 end) as councils_ranked
    from latest_values
    group by indicator_id, period_type

)

select
    cast(with_benchmarks.la_code as varchar) as la_code,
    cast(councils.name as varchar) as council_name,
    cast(with_benchmarks.indicator_id as varchar) as indicator_id,
    cast(with_benchmarks.title as varchar) as indicator,
    cast(with_benchmarks.unit as varchar) as unit,
    cast(with_benchmarks.polarity as varchar) as good_performance_is,
    cast(with_benchmarks.period_type as varchar) as period_type,
    cast(with_benchmarks.period_end as date) as period_end,
    cast(with_benchmarks.as_of_date as date) as as_of_date,
    cast(with_benchmarks.value as float8) as value,
    cast(with_benchmarks.target as float8) as target,
    cast(with_benchmarks.rag as varchar) as rag,
    cast(councils.benchmark_la_code as varchar) as benchmark_la_code,
    cast(with_benchmarks.benchmark_year_ending as date) as benchmark_year_ending,
    cast(with_benchmarks.national_value as float8) as national_value,
    cast(with_benchmarks.sn_average as float8) as sn_average,
    cast(with_benchmarks.top_quartile_threshold as float8) as top_quartile_threshold,
    cast(with_benchmarks.median_la_value as float8) as median_la_value,
    cast(with_benchmarks.bottom_quartile_threshold as float8) as bottom_quartile_threshold,
    cast(with_benchmarks.benchmark_band as varchar) as benchmark_band,
    cast(rankable.regional_rank as integer) as regional_rank,
    cast(councils_reporting.councils_ranked as integer) as councils_ranked,
    cast(councils_reporting.councils_reporting as integer) as councils_reporting
from with_benchmarks
inner join councils_reporting
    on
        with_benchmarks.indicator_id = councils_reporting.indicator_id
        and with_benchmarks.period_type = councils_reporting.period_type
left join councils
    on with_benchmarks.la_code = councils.la_code
left join rankable
    on
        with_benchmarks.la_code = rankable.la_code
        and with_benchmarks.indicator_id = rankable.indicator_id
        and with_benchmarks.period_type = rankable.period_type
