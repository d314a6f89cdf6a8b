-- Red/Amber/Green for every indicator value (each period type: the summary
-- rates A10/A2 on their year-to-date average, everything else on the month),
-- by both methods the papers have used; `rag` is the one the var rag_method
-- chooses (env LAC_RAG_METHOD: tolerances, the default, or three_way_2013).
--
-- tolerances (2017-2023 papers), against the council's target valid for the
-- month (seed indicator_targets, per council: int_indicator_targets_by_council):
-- three_band: green at or beyond the green
-- threshold, amber at or beyond the amber threshold, else red; two_band:
-- green or red on the green threshold (the papers print amber '-'); range:
-- green inside [range_low, range_high], amber above it by at most
-- range_amber_margin ("1 above range"), red beyond; below the range is
-- green (the tolerances are all above it, and the 2017 paper rates a
-- caseload of 12.5 against "14-20" Green). "Beyond"
-- follows the direction: >= when higher is better, < when lower is better
-- (the papers print "Green <8%", "Red 16%+"). none / information: no RAG.
--
-- three_way_2013 (2013/14 paper: Target Met, Stat Neighbour Avg Met,
-- National Avg Met): green = target met and on or better than the
-- statistical-neighbour or the national average; amber = target missed but
-- on or better than either average; red = target and both averages missed.
-- The paper has no row for "target met, both averages missed": amber here.
-- Needs a directional target and at least one average, else no RAG.
with

indicator_values as (

    select * from {{ ref('indicator_values') }}

),

targets as (

    select * from {{ ref('int_indicator_targets_by_council') }}

),

benchmarks as (

    select * from {{ ref('benchmarks_by_month') }}

),

joined as (

    select
        indicator_values.la_code,
        indicator_values.indicator_id,
        indicator_values.period_type,
        indicator_values.period_end,
        indicator_values.as_of_date,
        indicator_values.value,
        targets.paper_financial_year as target_source_year,
        targets.green_threshold,
        targets.amber_threshold,
        targets.range_low,
        targets.range_high,
        targets.range_amber_margin,
        benchmarks.sn_average,
        benchmarks.national_value,
        coalesce(targets.method, 'none') as method,
        coalesce(targets.direction, 'none') as direction
    from indicator_values
    left join targets
        on
            indicator_values.la_code = targets.la_code
            and indicator_values.indicator_id = targets.indicator_id
            and indicator_values.period_end between targets.valid_from and targets.valid_to
    left join benchmarks
        on
            indicator_values.la_code = benchmarks.la_code
            and indicator_values.indicator_id = benchmarks.indicator_id
            and indicator_values.period_end = benchmarks.month_end_date

),

rated as (

    -- The rules are macros (macros/rag_rating.sql) so the nowcast's expected
    -- final value is rated the same way (performance_summary).
    select
        *,
        {{ rag_tolerances('value') }} as rag_tolerances,
        {{ rag_three_way_2013('value') }} as rag_three_way_2013
    from joined

)

select
    cast(la_code as varchar) as la_code,
    cast(indicator_id as varchar) as indicator_id,
    cast(period_type as varchar) as period_type,
    cast(period_end as date) as period_end,
    cast(as_of_date as date) as as_of_date,
    cast(value as float8) as value,
    cast(case when method = 'range' then null else green_threshold end as float8) as target,
    cast(method as varchar) as method,
    cast(direction as varchar) as direction,
    cast(green_threshold as float8) as green_threshold,
    cast(amber_threshold as float8) as amber_threshold,
    cast(range_low as float8) as range_low,
    cast(range_high as float8) as range_high,
    cast(range_amber_margin as float8) as range_amber_margin,
    cast(target_source_year as varchar) as target_source_year,
    cast(sn_average as float8) as sn_average,
    cast(national_value as float8) as national_value,
    cast(rag_tolerances as varchar) as rag_tolerances,
    cast(rag_three_way_2013 as varchar) as rag_three_way_2013,
    cast('{{ var("rag_method") }}' as varchar) as rag_method,
    cast(
        {% if var('rag_method') == 'three_way_2013' %}rag_three_way_2013{% else %}rag_tolerances{% endif %}
        as varchar
    ) as rag
from rated
