{{ config(schema='marts', materialized='table') }}
-- The benchmark in force each reporting month: a figure for the year ending
-- 31 March is shown, unchanged, for every month of the following reporting
-- year (April after that 31 March to the next March), as the council's
-- papers print it. Join to monthly indicator values on
-- (la_code, indicator_id, month_end_date).
with

benchmarks as (

    select * from {{ ref('benchmarks') }}

),

months as (

    select unnest(range(1, 13)) as month_offset

),

expanded as (

    select
        benchmarks.la_code,
        benchmarks.indicator_id,
        cast(benchmarks.year_ending + to_months(cast(months.month_offset as integer)) as date)
            as month_end_date,
        benchmarks.year_ending as benchmark_year_ending,
        benchmarks.benchmark_year_label,
        benchmarks.benchmark_la_code,
        benchmarks.polarity,
        benchmarks.unit,
        benchmarks.la_value,
        benchmarks.national_value,
        benchmarks.region_value,
        benchmarks.sn_average,
        benchmarks.sn_count_used,
        benchmarks.sn_model_version,
        benchmarks.best_sn_value,
        benchmarks.best_sn_la_code,
        benchmarks.top_quartile_threshold,
        benchmarks.quartile_band,
        benchmarks.release_file
    from benchmarks
    cross join months

),

final as (

    select
        la_code,
        indicator_id,
        cast(date_trunc('month', month_end_date) as date) as month_start_date,
        cast(last_day(month_end_date) as date) as month_end_date,
        cast(year(benchmark_year_ending) as varchar)
        || '/' || right(cast(year(benchmark_year_ending) + 1 as varchar), 2) as reporting_year,
        benchmark_year_ending,
        benchmark_year_label,
        benchmark_la_code,
        polarity,
        unit,
        la_value,
        national_value,
        region_value,
        sn_average,
        sn_count_used,
        sn_model_version,
        best_sn_value,
        best_sn_la_code,
        top_quartile_threshold,
        quartile_band,
        release_file
    from expanded

)

select * from final
