-- Red/Amber/Green for every monthly indicator value, against the target and
-- tolerances valid for the month (seed indicator_targets: each paper's
-- tolerances for its own financial year, the latest paper's for the rest).
-- three_band: green at or beyond the green threshold, amber at or beyond the
-- amber threshold, else red; two_band: green or red on the green threshold;
-- range: green inside [range_low, range_high], amber above range_high by at
-- most range_amber_margin (the papers' caseloads: "1 above range"), else
-- red; none or an information measure: no RAG. "Beyond" follows the
-- direction: >= when higher is better, < when lower is better (the papers
-- print "Green <8%").
with

indicator_values as (

    select * from {{ ref('indicator_values') }}
    where period_type = 'month'

),

targets as (

    select * from {{ ref('indicator_targets') }}

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
        targets.direction,
        targets.green_threshold,
        targets.amber_threshold,
        targets.range_low,
        targets.range_high,
        targets.range_amber_margin,
        coalesce(targets.method, 'none') as method
    from indicator_values
    left join targets
        on
            indicator_values.indicator_id = targets.indicator_id
            and indicator_values.period_end between targets.valid_from and targets.valid_to

),

rated as (

    select
        *,
        case
            when value is null or method = 'none' then null
            when method = 'range'
                then
                    case
                        when value between range_low and range_high then 'green'
                        when value > range_high and value <= range_high + range_amber_margin then 'amber'
                        else 'red'
                    end
            when direction = 'higher_is_better'
                then
                    case
                        when value >= green_threshold then 'green'
                        when method = 'three_band' and value >= amber_threshold then 'amber'
                        else 'red'
                    end
            when direction = 'lower_is_better' then
                case
                    when value < green_threshold then 'green'
                    when method = 'three_band' and value < amber_threshold then 'amber'
                    else 'red'
                end
        end as rag
    from joined

)

select
    cast(la_code as varchar) as la_code,
    cast(indicator_id as varchar) as indicator_id,
    cast(period_type as varchar) as period_type,
    cast(period_end as date) as period_end,
    cast(as_of_date as date) as as_of_date,
    cast(value as double) as value,
    cast(green_threshold as double) as target,
    cast(method as varchar) as method,
    cast(direction as varchar) as direction,
    cast(green_threshold as double) as green_threshold,
    cast(amber_threshold as double) as amber_threshold,
    cast(range_low as double) as range_low,
    cast(range_high as double) as range_high,
    cast(target_source_year as varchar) as target_source_year,
    cast(rag as varchar) as rag
from rated
