-- Every catalogued indicator has a 'month' row for every month end of the
-- spine (the BI contract: no gaps in a trend line). Fails on each missing
-- (indicator, month end).
with

expected as (

    select
        spine.la_code,
        indicators.indicator_id,
        spine.period_end
    from {{ ref('indicators') }} as indicators
    cross join {{ ref('int_month_spine') }} as spine

),

actual as (

    select
        la_code,
        indicator_id,
        period_end
    from {{ ref('indicator_values') }}
    where period_type = 'month'

)

select expected.*
from expected
left join actual
    on
        expected.la_code = actual.la_code
        and expected.indicator_id = actual.indicator_id
        and expected.period_end = actual.period_end
where actual.indicator_id is null
