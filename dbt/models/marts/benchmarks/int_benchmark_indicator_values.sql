{{ config(materialized='ephemeral') }}
-- Every published DfE value that is a benchmark indicator, one per
-- indicator, year and geography, from the newest release only.
--
-- Revised years: a later release restates earlier years (for example new
-- population estimates change past rates). For each value we keep the
-- release whose latest year is newest, then the one loaded last; the
-- release_file column says which one it was.
with

dfe_values as (

    select * from {{ ref('stg_dfe__values') }}

),

releases as (

    select * from {{ ref('stg_dfe__releases') }}

),

indicator_map as (

    select
        cast(indicator_id as varchar) as indicator_id,
        cast(dataset as varchar) as dataset,
        cast(breakdown_1 as varchar) as breakdown_1,
        cast(breakdown_2 as varchar) as breakdown_2,
        cast(breakdown_3 as varchar) as breakdown_3,
        cast(measure as varchar) as measure,
        cast(polarity as varchar) as polarity,
        cast(unit as varchar) as unit
    from {{ ref('benchmark_indicator_map') }}

),

ranked as (

    select
        dfe_values.*,
        row_number() over (
            partition by
                dfe_values.dataset,
                dfe_values.year_ending,
                dfe_values.geographic_level,
                coalesce(dfe_values.region_code, ''),
                coalesce(dfe_values.old_la_code, ''),
                coalesce(dfe_values.breakdown_1, ''),
                coalesce(dfe_values.breakdown_2, ''),
                coalesce(dfe_values.breakdown_3, ''),
                dfe_values.measure
            order by
                releases.last_year_ending desc,
                releases.loaded_at desc,
                dfe_values.release_file desc
        ) as release_rank
    from dfe_values
    inner join releases
        on dfe_values.release_file = releases.release_file

),

mapped as (

    select
        indicator_map.indicator_id,
        indicator_map.polarity,
        indicator_map.unit,
        ranked.year_ending,
        ranked.geographic_level,
        ranked.region_code,
        ranked.region_name,
        ranked.old_la_code,
        ranked.la_name,
        ranked.value,
        ranked.suppression_code,
        ranked.release_file
    from ranked
    inner join indicator_map
        on
            ranked.dataset = indicator_map.dataset
            and ranked.measure = indicator_map.measure
            and coalesce(ranked.breakdown_1, '') = coalesce(indicator_map.breakdown_1, '')
            and coalesce(ranked.breakdown_2, '') = coalesce(indicator_map.breakdown_2, '')
            and coalesce(ranked.breakdown_3, '') = coalesce(indicator_map.breakdown_3, '')
    where ranked.release_rank = 1

)

select * from mapped
