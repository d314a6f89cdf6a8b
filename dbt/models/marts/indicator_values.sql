-- The indicator values: one row per LA, indicator, period type, period end
-- and as-of date, with numerator, denominator and value (macros/indicator_value.sql:
-- the count itself for counts, 100 x numerator / denominator for
-- percentages, 10,000 x for rates, the ratio for averages; null when the
-- denominator is zero or unknown).
-- children_affected_by_defects: how many children in the figure's cohort
-- have a record behind it that was repaired or quarantined
-- (int_children_affected_by_defects; 0 when none).
-- as_of_date: the council's own night (its month spine's as-of date).
-- source_status: 'computed', or 'needs <source table>' when a source the
-- indicator needs was never received (int_sources_awaited_by_indicator): its
-- numerator, denominator and value are then null, never a misleading 0.
-- The indicator families are the models tagged indicator_family
-- (macros/indicator_families.sql). dbt fixes a model's dependencies while
-- parsing, before tags can be read, so each family is named once more here;
-- compilation stops if a tagged family is missing from these lines.
-- depends_on: {{ ref('int_indicators_adoption_timeliness') }}
-- depends_on: {{ ref('int_indicators_care_flows') }}
-- depends_on: {{ ref('int_indicators_care_leavers') }}
-- depends_on: {{ ref('int_indicators_caseloads') }}
-- depends_on: {{ ref('int_indicators_foster_carers') }}
-- depends_on: {{ ref('int_indicators_health') }}
-- depends_on: {{ ref('int_indicators_initial_health_assessments') }}
-- depends_on: {{ ref('int_indicators_legal_status') }}
-- depends_on: {{ ref('int_indicators_looked_after_population') }}
-- depends_on: {{ ref('int_indicators_pathway_plans') }}
-- depends_on: {{ ref('int_indicators_peps') }}
-- depends_on: {{ ref('int_indicators_placement_stability') }}
-- depends_on: {{ ref('int_indicators_plans_and_flags') }}
-- depends_on: {{ ref('int_indicators_reduced_timetable') }}
-- depends_on: {{ ref('int_indicators_reviews') }}
-- depends_on: {{ ref('int_indicators_school_attendance') }}
-- depends_on: {{ ref('int_indicators_visits') }}
with

indicators as (

    select * from {{ ref('indicators') }}

),

unioned as (

    {% for family in indicator_families() %}
        select
            la_code,
            indicator_id,
            period_type,
            period_end,
            numerator,
            denominator
        from {{ ref(family) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

affected as (

    select * from {{ ref('int_children_affected_by_defects') }}

),

awaiting as (

    select * from {{ ref('int_sources_awaited_by_indicator') }}

),

council_nights as (

    -- Each council's own night: the as-of date its month spine ends at.
    select distinct
        la_code,
        as_of_date
    from {{ ref('int_month_spine') }}

)

select
    cast(unioned.la_code as varchar) as la_code,
    cast(unioned.indicator_id as varchar) as indicator_id,
    cast(unioned.period_type as varchar) as period_type,
    cast(unioned.period_end as date) as period_end,
    cast(council_nights.as_of_date as date) as as_of_date,
    cast(case when awaiting.indicator_id is null then unioned.numerator end as float8) as numerator,
    cast(case when awaiting.indicator_id is null then unioned.denominator end as float8) as denominator,
    cast(
        case
            when awaiting.indicator_id is null
                then {{ indicator_value('indicators.unit', 'unioned.numerator', 'unioned.denominator') }}
        end as float8
    ) as value,
    cast(indicators.unit as varchar) as unit,
    cast(coalesce(affected.children_affected, 0) as bigint) as children_affected_by_defects,
    cast(coalesce(awaiting.source_status, 'computed') as varchar) as source_status
from unioned
inner join council_nights
    on unioned.la_code = council_nights.la_code
inner join indicators
    on unioned.indicator_id = indicators.indicator_id
left join affected
    on
        unioned.la_code = affected.la_code
        and unioned.indicator_id = affected.indicator_id
        and unioned.period_type = affected.period_type
        and unioned.period_end = affected.period_end
left join awaiting
    on
        unioned.la_code = awaiting.la_code
        and unioned.indicator_id = awaiting.indicator_id
