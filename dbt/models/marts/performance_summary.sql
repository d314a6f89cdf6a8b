-- The performance table the papers publish, one row per indicator and month
-- end, in the column order of the 2022/23 table: reference, indicator,
-- timeline, unit; the last three months; the financial year to date; good
-- performance is; direction of travel; RAG; the red / amber / green
-- thresholds as printed; last year's outturn (and the same month last
-- year, which the papers' narrative uses); then the DfE benchmarks.
--
-- The three month columns show the indicator's summary period (catalogue
-- summary_period_type): the month for most, the year-to-date average for
-- A10/A2 as the papers print them. The YTD column is the financial year to
-- date counted from the records (in-period indicators only; '-' in the
-- papers otherwise). RAG is judged on the latest month's value, not YTD.
-- Direction of travel compares with the previous month: number_direction
-- (up/down/same), performance_direction (improved/declined/unchanged, null
-- for information measures), the arrow by the configured convention
-- (var direction_of_travel_convention) and the colour (green better, red
-- worse). Last year's outturn is the previous 31 March: the year to date
-- for in-period indicators, the March value otherwise. Benchmarks are the
-- latest DfE figures published by the month end (benchmarks_by_month).
-- Provisional months (docs/provisional_months.md): for the nowcast
-- indicators (seed indicator_nowcast_settings), the value the month is
-- expected to settle at once recording catches up, its 80% interval, the
-- RAG that value would get, and is_provisional while the expected remaining
-- revision exceeds the indicator's tolerance (int_indicator_nowcasts).
-- Other indicators: not provisional, no expected value.
-- source_status: 'computed', or 'needs <source table>' with null values when
-- a source the indicator needs was never received (indicator_values).
with

indicator_values as (

    select * from {{ ref('indicator_values') }}

),

indicators as (

    select * from {{ ref('indicators') }}

),

rag as (

    select * from {{ ref('indicator_rag') }}

),

benchmarks as (

    select * from {{ ref('benchmarks_by_month') }}

),

nowcasts as (

    select * from {{ ref('int_indicator_nowcasts') }}

),

fytd_values as (

    select * from indicator_values
    where period_type = 'fytd'

),

summary_values as (

    -- The series the month columns show, with the previous two months.
    select
        indicator_values.la_code,
        indicator_values.indicator_id,
        indicator_values.period_type,
        indicator_values.period_end,
        indicator_values.as_of_date,
        indicator_values.value,
        indicator_values.source_status,
        indicators.reference,
        indicators.title,
        indicators.timeline,
        indicators.unit,
        indicators.polarity,
        lag(indicator_values.value, 1) over monthly as previous_month_value,
        lag(indicator_values.value, 2) over monthly as value_two_months_before,
        {{ previous_financial_year_end('indicator_values.period_end') }} as last_year_end_date
    from indicator_values
    inner join indicators
        on
            indicator_values.indicator_id = indicators.indicator_id
            and indicator_values.period_type = indicators.summary_period_type
    window monthly as (
        partition by indicator_values.la_code, indicator_values.indicator_id
        order by indicator_values.period_end
    )

),

with_history as (

    select
        summary_values.*,
        last_year.value as same_month_last_year_value,
        case when summary_values.period_type = 'month' then fytd_values.value end as ytd_value,
        coalesce(outturn_fytd.value, outturn_summary.value) as last_year_outturn_value
    from summary_values
    left join fytd_values
        on
            summary_values.la_code = fytd_values.la_code
            and summary_values.indicator_id = fytd_values.indicator_id
            and summary_values.period_end = fytd_values.period_end
    left join summary_values as last_year
        on
            summary_values.la_code = last_year.la_code
            and summary_values.indicator_id = last_year.indicator_id
            and last_day(summary_values.period_end - interval '12 month') = last_year.period_end
    left join fytd_values as outturn_fytd
        on
            summary_values.la_code = outturn_fytd.la_code
            and summary_values.indicator_id = outturn_fytd.indicator_id
            and summary_values.last_year_end_date = outturn_fytd.period_end
    left join summary_values as outturn_summary
        on
            summary_values.la_code = outturn_summary.la_code
            and summary_values.indicator_id = outturn_summary.indicator_id
            and summary_values.last_year_end_date = outturn_summary.period_end

),

travel as (

    select
        *,
        case
            when value is null or previous_month_value is null then null
            when value > previous_month_value then 'up'
            when value < previous_month_value then 'down'
            else 'same'
        end as number_direction,
        case
            when value is null or previous_month_value is null or polarity not in ('high', 'low') then null
            when value = previous_month_value then 'unchanged'
            when (value > previous_month_value) = (polarity = 'high') then 'improved'
            else 'declined'
        end as performance_direction
    from with_history

),

thresholds as (

    -- The red / amber / green columns as the papers print them, from the
    -- rules indicator_rag rates by (macros/rag_rating.sql).
    select
        rag.*,
        {{ red_threshold_label('rag_units.unit', 'rag.') }} as red_threshold,
        {{ amber_threshold_label('rag_units.unit', 'rag.') }} as amber_threshold_label,
        {{ green_threshold_label('rag_units.unit', 'rag.') }} as green_threshold_label
    from rag
    inner join indicators as rag_units
        on rag.indicator_id = rag_units.indicator_id

)

select
    cast(travel.la_code as varchar) as la_code,
    cast(travel.period_end as date) as period_end,
    cast(travel.as_of_date as date) as as_of_date,
    cast(
        {{ try_cast_to("split_part(travel.reference, '.', 1)", 'integer') }} * 100
        + {{ try_cast_to("split_part(travel.reference, '.', 2)", 'integer') }} as integer
    ) as display_order,
    cast(travel.reference as varchar) as reference,
    cast(travel.indicator_id as varchar) as indicator_id,
    cast(travel.title as varchar) as indicator,
    cast(travel.timeline as varchar) as timeline,
    cast(travel.unit as varchar) as unit,
    cast(travel.period_type as varchar) as summary_period_type,
    cast(travel.value_two_months_before as float8) as value_two_months_before,
    cast(travel.previous_month_value as float8) as previous_month_value,
    cast(travel.value as float8) as value,
    cast(travel.ytd_value as float8) as ytd_value,
    cast(travel.polarity as varchar) as good_performance_is,
    cast(travel.number_direction as varchar) as number_direction,
    cast(travel.performance_direction as varchar) as performance_direction,
    cast(
        case
        {% if var('direction_of_travel_convention') == 'performance' %}
                when travel.performance_direction = 'improved' then '↑'
                when travel.performance_direction = 'declined' then '↓'
            {% endif %}
            when travel.number_direction = 'up' then '↑'
            when travel.number_direction = 'down' then '↓'
            when travel.number_direction = 'same' then '→'
        end as varchar
    ) as direction_of_travel,
    cast(
        case travel.performance_direction when 'improved' then 'green' when 'declined' then 'red' end
        as varchar
    ) as direction_of_travel_colour,
    cast(thresholds.rag as varchar) as rag,
    cast(coalesce(nowcasts.is_provisional, false) as boolean) as is_provisional,
    cast(nowcasts.expected_final_value as float8) as expected_final_value,
    cast(nowcasts.expected_final_low as float8) as expected_final_low,
    cast(nowcasts.expected_final_high as float8) as expected_final_high,
    cast({{ rag_by_method('nowcasts.expected_final_value', 'thresholds.') }} as varchar) as expected_final_rag,
    cast(thresholds.rag_method as varchar) as rag_method,
    cast(thresholds.red_threshold as varchar) as red_threshold,
    cast(thresholds.amber_threshold_label as varchar) as amber_threshold,
    cast(thresholds.green_threshold_label as varchar) as green_threshold,
    cast(thresholds.target as float8) as target,
    cast(thresholds.target_source_year as varchar) as target_source_year,
    cast(travel.last_year_outturn_value as float8) as last_year_outturn_value,
    cast(travel.same_month_last_year_value as float8) as same_month_last_year_value,
    cast(benchmarks.benchmark_year_ending as date) as benchmark_year_ending,
    cast(benchmarks.sn_average as float8) as sn_average,
    cast(benchmarks.best_sn_value as float8) as best_sn_value,
    cast(benchmarks.national_value as float8) as national_value,
    cast(benchmarks.top_quartile_threshold as float8) as top_quartile_threshold,
    cast(benchmarks.quartile_band as varchar) as quartile_band,
    cast(travel.source_status as varchar) as source_status
from travel
left join thresholds
    on
        travel.la_code = thresholds.la_code
        and travel.indicator_id = thresholds.indicator_id
        and travel.period_type = thresholds.period_type
        and travel.period_end = thresholds.period_end
left join benchmarks
    on
        travel.la_code = benchmarks.la_code
        and travel.indicator_id = benchmarks.indicator_id
        and travel.period_end = benchmarks.month_end_date
left join nowcasts
    on
        travel.la_code = nowcasts.la_code
        and travel.indicator_id = nowcasts.indicator_id
        and travel.period_type = nowcasts.period_type
        and travel.period_end = nowcasts.period_end
        and travel.as_of_date = nowcasts.as_of_date
