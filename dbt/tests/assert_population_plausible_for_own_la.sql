-- The council's own population of children aged 0-17, the denominator of
-- the rate per 10,000, is present and moves by at most 10% from one
-- mid-year to the next. Why 10%: ONS mid-year estimates of an LA's 0-17
-- population move by 1-3% a year (births, migration, a rebased census);
-- a change beyond 10% is another council's file, a shifted column or a
-- typing slip, and it would move every rate by as much. Another council's
-- file alone (no row for the own code) blanks the rate for every month. A
-- raw history with no population extract at all (a first night, the
-- population not yet sent) is the late-source alert's business, not this.
-- A population of 0 is caught earlier, by the gate (positive_count). One
-- row per implausible year, or one row when the own code is missing. An
-- error: a failure means the rate rests on a wrong denominator.
{{ config(meta={'dagster': {'ref': {'name': 'stg_population__populations'}}}) }}

with

own_la as (

    -- staging keeps each council's own LA's rows only
    select
        la_code,
        mid_year,
        population_0_17,
        lag(mid_year) over (partition by la_code order by mid_year) as previous_mid_year,
        lag(population_0_17) over (partition by la_code order by mid_year) as previous_population
    from {{ ref('stg_population__populations') }}

),

extract_rows as (

    -- every LA's rows of each council's extract, to tell "another council's
    -- file" from "no population sent"
    {{ latest_extract(source('population', 'population')) }}

),

implausible_years as (

    select
        la_code,
        mid_year,
        population_0_17,
        previous_population,
        'changed by more than 10% from the previous mid-year' as problem
    from own_la
    where
        previous_mid_year = mid_year - 1
        and abs(population_0_17 - previous_population) > 0.10 * previous_population

),

missing_own_la as (

    select distinct
        cast(extract_rows._la_code as varchar) as la_code,
        cast(null as bigint) as mid_year,
        cast(null as bigint) as population_0_17,
        cast(null as bigint) as previous_population,
        'no population for the council''s own LA code' as problem
    from extract_rows
    where not exists (
            select 1 from own_la
            where own_la.la_code = extract_rows._la_code
        )

)

select * from implausible_years
union all
select * from missing_own_la
