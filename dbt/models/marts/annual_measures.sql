-- The DfE's annual SSDA903 measures at each 31 March of the month spine,
-- beside the DfE benchmark of the same year (marts.benchmarks): the
-- council's figure, its statistical neighbours' average, the best
-- neighbour's and England's, in one row. Grain: la_code, year_ending,
-- measure_id, breakdown ('all', or an OC3 activity / accommodation code).
--
-- Where the monthly catalogue already defines the measure, the 31 March
-- value is that indicator's (indicator_values), so one definition serves the
-- month and the year: children looked after, the rate, 3+ placements and
-- long-term stability at the March month end; starters, ceased and children
-- missing over the financial year (fytd at March). OC2 health, dental,
-- immunisations and SDQ come from the 903's OC2 table when the 903 holds one
-- for the year (int_annual_health_outcomes, measure_source 'ssda903 oc2');
-- otherwise health and dental are the social care health assessments on the
-- same 12-month cohort (the monthly indicators at March), and immunisations
-- and SDQ, which only the 903 carries, read 'needs ssda903 oc2'. OC3 by age
-- band: int_annual_care_leavers. Adoption A10 and A2 are the DfE's 3-year
-- averages: total days over total adoptions of the three financial years to
-- 31 March (the fytd numerators and denominators of the monthly
-- indicators, never an average of averages); A1 likewise from
-- int_annual_adoptions. A 3-year figure needs the three years in the month
-- spine, else it is null. source_status: 'computed', or 'needs <source>'.
{%- set measures = {
    'lac_count': ['Children looked after at 31 March', 'month'],
    'lac_rate_per_10k': ['Children looked after at 31 March per 10,000 children aged 0-17', 'month'],
    'lac_admissions_count': ['Children who started to be looked after in the year', 'fytd'],
    'lac_ceased_count': ['Children who ceased to be looked after in the year', 'fytd'],
    'lac_3plus_placements_pct': ['Looked after at 31 March with 3 or more placements in the year (%)', 'month'],
    'lac_placement_stability_2yrs_pct': ['Long-term stability: under 16s looked after 2.5+ years, same placement 2+ years (%)', 'month'],
    'lac_missing_children_count': ['Looked after children who went missing in the year', 'fytd'],
} %}
with

indicator_values as (

    select * from {{ ref('indicator_values') }}

),

awaiting as (

    select * from {{ ref('int_sources_awaited_by_indicator') }}

),

health_outcomes as (

    select * from {{ ref('int_annual_health_outcomes') }}

),

care_leavers as (

    select * from {{ ref('int_annual_care_leavers') }}

),

adoptions_a1 as (

    select * from {{ ref('int_annual_adoptions') }}

),

benchmarks as (

    select * from {{ ref('benchmarks') }}

),

year_ends as (

    select
        la_code,
        period_end as year_ending,
        -- the three financial years of a 3-year average are all in the spine
        count(*) over (
            partition by la_code order by period_end rows between 2 preceding and current row
        ) = 3 as has_three_years
    from {{ ref('int_month_spine') }}
    where extract(month from period_end) = 3

),

march_values as (

    select indicator_values.*
    from indicator_values
    inner join year_ends
        on
            indicator_values.la_code = year_ends.la_code
            and indicator_values.period_end = year_ends.year_ending

),

from_catalogue as (

    {% for measure_id, (title, period_type) in measures.items() %}
        select
            la_code,
            period_end as year_ending,
            '{{ measure_id }}' as measure_id,
            'all' as breakdown,
            '{{ title }}' as measure,
            unit,
            numerator,
            denominator,
            'indicator_values {{ period_type }}' as measure_source,
            source_status
        from march_values
        where indicator_id = '{{ measure_id }}' and period_type = '{{ period_type }}'
        union all
    {% endfor %}
    -- health and dental from the social care health assessments, in the
    -- years the 903 holds no OC2 table
    select
        march_values.la_code,
        march_values.period_end as year_ending,
        march_values.indicator_id as measure_id,
        'all' as breakdown,
        case march_values.indicator_id
            when 'lac_health_assessment_up_to_date_pct'
                then 'Looked after 12 months at 31 March: annual health assessment (%)'
            else 'Looked after 12 months at 31 March: teeth checked by a dentist (%)'
        end as measure,
        march_values.unit,
        march_values.numerator,
        march_values.denominator,
        'social_care health_assessments' as measure_source,
        march_values.source_status
    from march_values
    left join health_outcomes
        on
            march_values.la_code = health_outcomes.la_code
            and march_values.period_end = health_outcomes.year_ending
    where
        march_values.indicator_id in ('lac_health_assessment_up_to_date_pct', 'lac_dental_up_to_date_pct')
        and march_values.period_type = 'month'
        and health_outcomes.year_ending is null

),

oc2_items as (

    {%- set oc2_items = [
        ('lac_health_assessment_up_to_date_pct', 'Looked after 12 months at 31 March: annual health assessment (%)', 'health_assessments', 'cohort_children'),
        ('lac_dental_up_to_date_pct', 'Looked after 12 months at 31 March: teeth checked by a dentist (%)', 'teeth_checks', 'cohort_children'),
        ('lac_immunisations_up_to_date_pct', 'Looked after 12 months at 31 March: immunisations up to date (%)', 'immunisations', 'cohort_children'),
        ('lac_sdq_completion_pct', 'Looked after 12 months at 31 March, aged 5-16: SDQ score received (%)', 'sdq_scores', 'sdq_age_children'),
    ] %}
    {% for measure_id, title, numerator, denominator in oc2_items %}
        select
            la_code,
            year_ending,
            '{{ measure_id }}' as measure_id,
            'all' as breakdown,
            '{{ title }}' as measure,
            'percentage' as unit,
            cast({{ numerator }} as float8) as numerator,
            cast({{ denominator }} as float8) as denominator,
            'ssda903 oc2' as measure_source,
            'computed' as source_status
        from health_outcomes
        union all
    {% endfor %}
    -- immunisations and SDQ have no social care source
    {% for measure_id, title in [
        ('lac_immunisations_up_to_date_pct', 'Looked after 12 months at 31 March: immunisations up to date (%)'),
        ('lac_sdq_completion_pct', 'Looked after 12 months at 31 March, aged 5-16: SDQ score received (%)'),
    ] %}
        select
            year_ends.la_code,
            year_ends.year_ending,
            '{{ measure_id }}' as measure_id,
            'all' as breakdown,
            '{{ title }}' as measure,
            'percentage' as unit,
            cast(null as float8) as numerator,
            cast(null as float8) as denominator,
            'ssda903 oc2' as measure_source,
            'needs ssda903 oc2' as source_status
        from year_ends
        left join health_outcomes
            on
                year_ends.la_code = health_outcomes.la_code
                and year_ends.year_ending = health_outcomes.year_ending
        where health_outcomes.year_ending is null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

care_leaver_bands as (

    select
        la_code,
        year_ending,
        age_band,
        sum(care_leavers) as care_leavers,
        sum(in_education_employment_training) as in_education_employment_training,
        sum(in_suitable_accommodation) as in_suitable_accommodation,
        sum(in_touch) as in_touch
    from care_leavers
    group by la_code, year_ending, age_band

),

care_leaver_items as (

    {% for band, label in [('17_18', '17-18'), ('19_21', '19-21')] %}
        {% for measure, title, numerator, unit in [
            ('care_leavers_' ~ band ~ '_count', 'Care leavers aged ' ~ label ~ ' at 31 March', 'care_leavers', 'count'),
            ('care_leavers_eet_' ~ band ~ '_pct', 'Care leavers aged ' ~ label ~ ': in education, employment or training (%)', 'in_education_employment_training', 'percentage'),
            ('care_leavers_suitable_accommodation_' ~ band ~ '_pct', 'Care leavers aged ' ~ label ~ ': in suitable accommodation (%)', 'in_suitable_accommodation', 'percentage'),
            ('care_leavers_in_touch_' ~ band ~ '_pct', 'Care leavers aged ' ~ label ~ ': in touch with the council (%)', 'in_touch', 'percentage'),
        ] %}
            select
                la_code,
                year_ending,
                '{{ measure }}' as measure_id,
                'all' as breakdown,
                '{{ title }}' as measure,
                '{{ unit }}' as unit,
                cast({{ numerator }} as float8) as numerator,
                cast({{ "null" if unit == "count" else "care_leavers" }} as float8) as denominator,
                'care_leaver_contacts' as measure_source,
                'computed' as source_status
            from care_leaver_bands
            where age_band = '{{ band }}'
            union all
        {% endfor %}
        {% for breakdown_column in ['activity_code', 'accommodation_code'] %}
            select
                la_code,
                year_ending,
                'care_leavers_{{ band }}_by_{{ breakdown_column | replace("_code", "") }}_count' as measure_id,
                {{ breakdown_column }} as breakdown,
                'Care leavers aged {{ label }} by {{ breakdown_column | replace("_code", "") }} (OC3 code)' as measure,
                'count' as unit,
                cast(sum(care_leavers) as float8) as numerator,
                cast(null as float8) as denominator,
                'care_leaver_contacts' as measure_source,
                'computed' as source_status
            from care_leavers
            where age_band = '{{ band }}'
            group by la_code, year_ending, {{ breakdown_column }}
            {% if not (loop.last and band == '19_21') %}union all{% endif %}
        {% endfor %}
    {% endfor %}

),

three_year_values as (

    -- A10 and A2: the fytd totals of the three financial years to 31 March
    select
        year_ends.la_code,
        year_ends.year_ending,
        fytd.indicator_id,
        year_ends.has_three_years,
        sum(fytd.numerator) as numerator,
        sum(fytd.denominator) as denominator,
        max(fytd.source_status) as source_status
    from year_ends
    inner join indicator_values as fytd
        on
            year_ends.la_code = fytd.la_code
            and {{ dbt.dateadd('year', -3, 'year_ends.year_ending') }} < fytd.period_end
            and year_ends.year_ending >= fytd.period_end
            and extract(month from fytd.period_end) = 3
    where
        fytd.period_type = 'fytd'
        and fytd.indicator_id in ('adoption_a10_avg_days', 'adoption_a2_avg_days')
    group by year_ends.la_code, year_ends.year_ending, fytd.indicator_id, year_ends.has_three_years

),

adoption_items as (

    select
        la_code,
        year_ending,
        case indicator_id
            when 'adoption_a10_avg_days' then 'adoption_a10_3yr_avg_days'
            else 'adoption_a2_3yr_avg_days'
        end as measure_id,
        'all' as breakdown,
        case indicator_id
            when 'adoption_a10_avg_days'
                then
                    'A10: days from entering care to moving in with the adoptive family, '
                    || 'adjusted for foster carer adoptions (3-year average)'
            else 'A2: days from court authority to place to the match with adopters (3-year average)'
        end as measure,
        'average_days' as unit,
        case when has_three_years then numerator end as numerator,
        case when has_three_years then denominator end as denominator,
        'indicator_values fytd, 3 years' as measure_source,
        source_status
    from three_year_values
    union all
    select
        adoptions_a1.la_code,
        adoptions_a1.year_ending,
        'adoption_a1_3yr_avg_days' as measure_id,
        'all' as breakdown,
        'A1: days from entering care to moving in with the adoptive family (3-year average)' as measure,
        'average_days' as unit,
        case when year_ends.has_three_years then cast(adoptions_a1.days_to_move_in as float8) end as numerator,
        case when year_ends.has_three_years then cast(adoptions_a1.adoptions_with_move_in as float8) end
            as denominator,
        'int_annual_adoptions' as measure_source,
        coalesce(awaiting.source_status, 'computed') as source_status
    from adoptions_a1
    inner join year_ends
        on
            adoptions_a1.la_code = year_ends.la_code
            and adoptions_a1.year_ending = year_ends.year_ending
    left join awaiting
        on
            adoptions_a1.la_code = awaiting.la_code
            and awaiting.indicator_id = 'adoption_a10_avg_days'

),

care_leaver_status as (

    -- care leaver rows exist only when the cohort does; their sources are
    -- those of the monthly care leaver indicators
    select
        care_leaver_items.*,
        awaiting.source_status as awaiting_status
    from care_leaver_items
    left join awaiting
        on
            care_leaver_items.la_code = awaiting.la_code
            and awaiting.indicator_id = 'care_leavers_eet_pct'

),

measures as (

    select * from from_catalogue
    union all
    select * from oc2_items
    union all
    select
        la_code,
        year_ending,
        measure_id,
        breakdown,
        measure,
        unit,
        case when awaiting_status is null then numerator end as numerator,
        case when awaiting_status is null then denominator end as denominator,
        measure_source,
        coalesce(awaiting_status, source_status) as source_status
    from care_leaver_status
    union all
    select * from adoption_items

)

select
    cast(measures.la_code as varchar) as la_code,
    cast(measures.year_ending as date) as year_ending,
    cast(measures.measure_id as varchar) as measure_id,
    cast(measures.breakdown as varchar) as breakdown,
    cast(measures.measure as varchar) as measure,
    cast(measures.unit as varchar) as unit,
    cast(measures.numerator as float8) as numerator,
    cast(measures.denominator as float8) as denominator,
    cast({{ indicator_value('measures.unit', 'measures.numerator', 'measures.denominator') }} as float8) as value,
    cast(measures.measure_source as varchar) as measure_source,
    cast(measures.source_status as varchar) as source_status,
    cast(benchmarks.benchmark_year_label as varchar) as benchmark_year_label,
    cast(benchmarks.sn_average as float8) as sn_average,
    cast(benchmarks.best_sn_value as float8) as best_sn_value,
    cast(benchmarks.national_value as float8) as national_value
from measures
left join benchmarks
    on
        measures.la_code = benchmarks.la_code
        and measures.measure_id = benchmarks.indicator_id
        and measures.year_ending = benchmarks.year_ending
        and measures.breakdown = 'all'
