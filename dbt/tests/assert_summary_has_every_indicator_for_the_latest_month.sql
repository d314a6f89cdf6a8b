-- The performance summary holds every catalogued indicator for the latest
-- month end of the spine (the rows the BI report opens on). Fails on each
-- indicator missing from the latest month (none expected of an empty
-- history, which has no month).
with

latest_month as (

    -- each council's own latest month
    select
        la_code,
        max(period_end) as period_end
    from {{ ref('int_month_spine') }}
    group by la_code

),

summary as (

    select
        la_code,
        indicator_id,
        period_end
    from {{ ref('performance_summary') }}

)

select
    latest_month.la_code,
    indicators.indicator_id
from {{ ref('indicators') }} as indicators
cross join latest_month
left join summary
    on
        latest_month.la_code = summary.la_code
        and indicators.indicator_id = summary.indicator_id
        and latest_month.period_end = summary.period_end
where
    latest_month.period_end is not null
    and summary.indicator_id is null
