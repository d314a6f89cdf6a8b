{{ config(schema='marts', materialized='table') }}
-- The benchmark in force each reporting month: the latest DfE figure
-- published by the month end, as the papers' "latest benchmarking" columns
-- print it. The DfE publishes the year ending 31 March in November, so that
-- figure is shown, unchanged, from the November after the 31 March to the
-- October after that (the Q2 2022/23 paper, September 2022, prints the
-- figures for March 2021; the Q3 paper, December 2022, those for March
-- 2022). Join to monthly indicator values on (la_code, indicator_id,
-- month_end_date).
with

benchmarks as (

    select * from {{ ref('benchmarks') }}

),

months as (

    -- November (8 months after March) to the October after it.
    select month_offsets.month_offset
    from generate_series(8, 19) as month_offsets (month_offset)

),

month_ends as (

    select
        benchmarks.*,
        last_day(
            benchmarks.year_ending + to_months(cast(months.month_offset as integer))
        ) as month_end_date
    from benchmarks
    cross join months

),

expanded as (

    select
        month_ends.*,
        cast(date_trunc('month', month_ends.month_end_date) as date) as month_start_date,
        {{ financial_year_label('month_ends.month_end_date') }} as reporting_year
    from month_ends

),

final as (

    select
        la_code,
        indicator_id,
        month_start_date,
        month_end_date,
        reporting_year,
        year_ending as benchmark_year_ending,
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
