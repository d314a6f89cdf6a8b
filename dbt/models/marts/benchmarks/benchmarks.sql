{{ config(schema='marts', materialized='table') }}
{#-
  DfE comparators for every benchmark indicator and year (31 March), for
  every council of the warehouse. Each council is benchmarked as the real LA
  its registry row names (stg_pipeline__councils.benchmark_la_code: itself
  for a real council; a simulated council such as 999 names the real LA it
  was modelled on, by default 372, Rotherham): its neighbours, region and
  quartile band are that LA's, and la_value is that LA's own published
  value. Everything that depends on the benchmark LA is computed once per
  benchmark LA (several councils may share one) and joined to the councils
  on benchmark_la_code.

  Statistical-neighbour model by year: the latest model published on or
  before the year (2021 model for years ending March 2021-2024, 2025 model
  from March 2025); years before the first model use the first model. This is
  the comparison the council's papers printed at the time. Set the var
  benchmark_sn_model_version (e.g. 2025) to use one model for every year, as
  the DfE's CSC outcomes and enablers dashboard does with its latest model.

  Quartiles: across all LAs with a published (unsuppressed) value that year,
  percentile_cont (linear interpolation, as Excel's QUARTILE.INC; LAIT's
  exact method is not documented in the sources we had, so a threshold can
  differ by a fraction from a printed one, e.g. 74.0 here vs 74.1). For
  'high' polarity the top-quartile threshold is the 75th percentile, for
  'low' the 25th. Band A = at or better than the top-quartile threshold,
  B = at or better than the median, C = at or better than the other quartile,
  D = worse: a value exactly on a boundary takes the better band.
-#}
{%- set sn_model_override = var('benchmark_sn_model_version', '') | string | trim -%}

with

councils as (

    select
        la_code,
        benchmark_la_code
    from {{ ref('stg_pipeline__councils') }}

),

benchmark_las as (

    select distinct benchmark_la_code from councils

),

indicator_values as (

    select * from {{ ref('int_benchmark_indicator_values') }}

),

all_values as (

    select * from {{ ref('stg_dfe__values') }}

),

neighbours as (

    select * from {{ ref('stg_dfe__statistical_neighbours') }}

),

code_changes as (

    select * from {{ ref('stg_dfe__la_code_changes') }}

),

spine as (

    select distinct
        indicator_id,
        polarity,
        unit,
        year_ending,
        cast(year(year_ending) - 1 as varchar)
        || '/' || right(cast(year(year_ending) as varchar), 2) as benchmark_year_label
    from indicator_values

),

national as (

    select
        indicator_id,
        year_ending,
        value as national_value,
        release_file
    from indicator_values
    where geographic_level = 'National'

),

la_values as (

    select * from indicator_values
    where geographic_level = 'Local authority'

),

benchmark_la as (

    select
        la_values.old_la_code as benchmark_la_code,
        la_values.indicator_id,
        la_values.year_ending,
        la_values.la_name,
        la_values.value as la_value,
        la_values.suppression_code as la_suppression_code,
        la_values.release_file
    from la_values
    inner join benchmark_las
        on la_values.old_la_code = benchmark_las.benchmark_la_code

),

-- Each benchmark LA's region, from any of its published rows that year.
benchmark_la_region as (

    select
        all_values.old_la_code as benchmark_la_code,
        all_values.year_ending,
        max(all_values.region_code) as region_code,
        max(all_values.region_name) as region_name,
        max(all_values.la_name) as la_name
    from all_values
    inner join benchmark_las
        on all_values.old_la_code = benchmark_las.benchmark_la_code
    where all_values.geographic_level = 'Local authority'
    group by all_values.old_la_code, all_values.year_ending

),

regional as (

    select
        indicator_id,
        year_ending,
        region_code,
        value as region_value
    from indicator_values
    where geographic_level = 'Regional'

),

model_versions as (

    select distinct sn_model_version from neighbours

),

sn_model_for_year as (

    select
        spine_years.year_ending,
        coalesce(
            cast({{ sn_model_override if sn_model_override else 'null' }} as integer),
            max(model_versions.sn_model_version) filter (
                where model_versions.sn_model_version <= year(spine_years.year_ending)
            ),
            min(model_versions.sn_model_version)
        ) as sn_model_version
    from (select distinct year_ending from spine) as spine_years
    cross join model_versions
    group by spine_years.year_ending

),

-- A neighbour whose LA merged into one successor is read as the successor
-- from the successor's first year; a split LA keeps its own code (no value
-- after the split, so it is excluded and counted in sn_count_listed only).
year_neighbours as (

    select
        neighbours.old_la_code as benchmark_la_code,
        sn_model_for_year.year_ending,
        sn_model_for_year.sn_model_version,
        neighbours.neighbour_rank,
        coalesce(code_changes.successor_old_la_code, neighbours.neighbour_old_la_code)
            as neighbour_old_la_code
    from sn_model_for_year
    inner join neighbours
        on sn_model_for_year.sn_model_version = neighbours.sn_model_version
    inner join benchmark_las
        on neighbours.old_la_code = benchmark_las.benchmark_la_code
    left join code_changes
        on
            neighbours.neighbour_old_la_code = code_changes.old_la_code
            and code_changes.change_kind = 'merger'
            and sn_model_for_year.year_ending >= code_changes.first_year_ending

),

neighbour_values as (

    select
        year_neighbours.benchmark_la_code,
        spine.indicator_id,
        spine.polarity,
        spine.year_ending,
        year_neighbours.sn_model_version,
        year_neighbours.neighbour_rank,
        year_neighbours.neighbour_old_la_code,
        la_values.la_name as neighbour_la_name,
        la_values.value
    from spine
    inner join year_neighbours
        on spine.year_ending = year_neighbours.year_ending
    left join la_values
        on
            spine.indicator_id = la_values.indicator_id
            and spine.year_ending = la_values.year_ending
            and year_neighbours.neighbour_old_la_code = la_values.old_la_code

),

sn_summary as (

    select
        benchmark_la_code,
        indicator_id,
        year_ending,
        max(sn_model_version) as sn_model_version,
        count(*) as sn_count_listed,
        count(value) as sn_count_used,
        avg(value) as sn_average
    from neighbour_values
    group by benchmark_la_code, indicator_id, year_ending

),

-- Best neighbour by polarity; ties go to the closer neighbour (lower rank).
best_neighbour as (

    select
        {{ distinct_on('benchmark_la_code, indicator_id, year_ending') -}}
        benchmark_la_code,
        indicator_id,
        year_ending,
        value as best_sn_value,
        neighbour_old_la_code as best_sn_la_code,
        neighbour_la_name as best_sn_la_name
    from neighbour_values
    where value is not null
    {{ first_per_partition(
        'benchmark_la_code, indicator_id, year_ending',
        "case when polarity = 'low' then value else -value end, neighbour_rank"
    ) }}

),

quartiles as (

    select
        indicator_id,
        year_ending,
        count(value) as la_count_with_value,
        {{ quantile_cont('value', '0.25') }} as p25,
        {{ quantile_cont('value', '0.5') }} as p50,
        {{ quantile_cont('value', '0.75') }} as p75
    from la_values
    where value is not null
    group by indicator_id, year_ending

),

-- Rank 1 = best among LAs with a value; equal values share the best rank.
la_ranks as (

    select
        indicator_id,
        year_ending,
        old_la_code,
        rank() over (
            partition by indicator_id, year_ending
            order by case when polarity = 'low' then value else -value end
        ) as la_rank
    from la_values
    where value is not null

),

final as (

    -- the published column order (la_code first), not sqlfluff's
    select  -- noqa: ST06
        councils.la_code,
        spine.indicator_id,
        spine.year_ending,
        spine.benchmark_year_label,
        councils.benchmark_la_code,
        benchmark_la_region.la_name as benchmark_la_name,
        spine.polarity,
        spine.unit,
        benchmark_la.la_value,
        benchmark_la.la_suppression_code,
        national.national_value,
        benchmark_la_region.region_code,
        benchmark_la_region.region_name,
        regional.region_value,
        sn_summary.sn_model_version,
        coalesce(sn_summary.sn_count_listed, 0) as sn_count_listed,
        coalesce(sn_summary.sn_count_used, 0) as sn_count_used,
        sn_summary.sn_average,
        best_neighbour.best_sn_value,
        best_neighbour.best_sn_la_code,
        best_neighbour.best_sn_la_name,
        case
            when spine.polarity = 'low' then quartiles.p25 else quartiles.p75
        end as top_quartile_threshold,
        quartiles.p50 as median_la_value,
        case
            when spine.polarity = 'low' then quartiles.p75 else quartiles.p25
        end as bottom_quartile_threshold,
        coalesce(quartiles.la_count_with_value, 0) as la_count_with_value,
        la_ranks.la_rank,
        case
            when benchmark_la.la_value is null or quartiles.p50 is null then null
            when spine.polarity = 'low' and benchmark_la.la_value <= quartiles.p25 then 'A'
            when spine.polarity = 'low' and benchmark_la.la_value <= quartiles.p50 then 'B'
            when spine.polarity = 'low' and benchmark_la.la_value <= quartiles.p75 then 'C'
            when spine.polarity = 'low' then 'D'
            when benchmark_la.la_value >= quartiles.p75 then 'A'
            when benchmark_la.la_value >= quartiles.p50 then 'B'
            when benchmark_la.la_value >= quartiles.p25 then 'C'
            else 'D'
        end as quartile_band,
        coalesce(benchmark_la.release_file, national.release_file) as release_file
    from councils
    -- every council has a row for every indicator and year, with or
    -- without a published figure for its benchmark LA
    cross join spine
    left join national
        on
            spine.indicator_id = national.indicator_id
            and spine.year_ending = national.year_ending
    left join benchmark_la
        on
            councils.benchmark_la_code = benchmark_la.benchmark_la_code
            and spine.indicator_id = benchmark_la.indicator_id
            and spine.year_ending = benchmark_la.year_ending
    left join benchmark_la_region
        on
            councils.benchmark_la_code = benchmark_la_region.benchmark_la_code
            and spine.year_ending = benchmark_la_region.year_ending
    left join regional
        on
            spine.indicator_id = regional.indicator_id
            and spine.year_ending = regional.year_ending
            and benchmark_la_region.region_code = regional.region_code
    left join sn_summary
        on
            councils.benchmark_la_code = sn_summary.benchmark_la_code
            and spine.indicator_id = sn_summary.indicator_id
            and spine.year_ending = sn_summary.year_ending
    left join best_neighbour
        on
            councils.benchmark_la_code = best_neighbour.benchmark_la_code
            and spine.indicator_id = best_neighbour.indicator_id
            and spine.year_ending = best_neighbour.year_ending
    left join quartiles
        on
            spine.indicator_id = quartiles.indicator_id
            and spine.year_ending = quartiles.year_ending
    left join la_ranks
        on
            spine.indicator_id = la_ranks.indicator_id
            and spine.year_ending = la_ranks.year_ending
            and councils.benchmark_la_code = la_ranks.old_la_code

)

select * from final
