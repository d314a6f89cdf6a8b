-- The lagging indicators' monthly figures as they were known on each
-- revision night (int_revision_nights), rebuilt in one pass from tonight's
-- raw history: each record counts from the night it was recorded
-- (recorded_at), through the same indicator macros that compute tonight's
-- figures (macros/indicators/), so there is one definition per indicator.
-- Every source these indicators read carries recorded_at, so no older
-- snapshot needs reading. Cohorts (who was looked after) are tonight's:
-- episodes are recorded within days, before a month's first report.
with

nights as (

    select * from {{ ref('int_revision_nights') }}

),

indicators as (

    select * from {{ ref('indicators') }}

),

health as (

    {{ health_assessment_indicators(ref('int_revision_nights'), revision_aware=true) }}

),

initial_health_assessments as (

    {{ initial_health_assessment_indicators(ref('int_revision_nights'), revision_aware=true) }}

),

reviews as (

    {{ review_indicators(ref('int_revision_nights'), revision_aware=true) }}

),

visits as (

    {{ visit_indicators(ref('int_revision_nights'), revision_aware=true) }}

),

peps as (

    {{ pep_indicators(ref('int_revision_nights'), revision_aware=true) }}

),

unioned as (

    select * from health
    union all
    select * from initial_health_assessments
    union all
    select * from reviews
    union all
    select * from visits
    union all
    select * from peps

)

select
    unioned.la_code,
    unioned.indicator_id,
    unioned.period_type,
    unioned.period_end,
    unioned.as_of_date,
    nights.lag_days,
    nights.lag_months,
    nights.lag_offset_days,
    nights.is_tonight,
    cast(unioned.numerator as float8) as numerator,
    cast(unioned.denominator as float8) as denominator,
    cast({{ indicator_value('indicators.unit', 'unioned.numerator', 'unioned.denominator') }} as float8) as value,
    indicators.unit
from unioned
inner join nights
    on
        unioned.la_code = nights.la_code
        and unioned.period_type = nights.period_type
        and unioned.period_end = nights.period_end
        and unioned.as_of_date = nights.as_of_date
inner join indicators
    on unioned.indicator_id = indicators.indicator_id
