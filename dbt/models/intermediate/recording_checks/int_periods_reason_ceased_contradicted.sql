-- A period of care ended by a special guardianship order or a child
-- arrangements order ceases with E41 or E43-E48. When the legal-status
-- record holds an SGO/CAO granted during a period (after it started, on or
-- before its end) and the period ceased for another reason, the reason
-- ceased is almost certainly mis-recorded (a permanence order typed in as
-- "ceased for any other reason"): the ceased-by-SGO/CAO counts and the
-- permanence indicators miss the child. An order granted after the period
-- ended is not one: a child who went home can get an order months later
-- (int_indicators_legal_status counts those).
-- One row per period to correct. Child-level: never published.
with

periods as (

    select * from {{ ref('int_periods_of_care') }}

),

orders as (

    select * from {{ ref('stg_social_care__legal_statuses') }}
    where order_type in ('SGO', 'CAO')

),

order_periods as (

    -- each order belongs to the child's latest period started before it
    -- (an earlier period's end date may be a copy of a later one's)
    select
        periods.la_code,
        periods.child_id,
        periods.period_of_care_id,
        periods.period_start_date,
        periods.period_end_date,
        periods.reason_ceased,
        orders.order_type,
        orders.order_date,
        row_number() over (
            partition by orders.la_code, orders.child_id, orders.order_type, orders.order_date
            order by periods.period_start_date desc
        ) as period_rank
    from orders
    inner join periods
        on
            orders.la_code = periods.la_code
            and orders.child_id = periods.child_id
            and orders.order_date > periods.period_start_date

),

contradicted as (

    select
        *,
        row_number() over (
            partition by la_code, period_of_care_id order by order_date desc
        ) as order_rank
    from order_periods
    where
        period_rank = 1
        and period_end_date is not null
        and order_date <= period_end_date
        and (
            reason_ceased is null
            or reason_ceased not in {{ code_list(['cao_reason_ceased', 'sgo_reason_ceased']) }}
        )

)

select
    la_code,
    child_id,
    period_of_care_id,
    period_start_date,
    period_end_date,
    reason_ceased,
    order_type,
    order_date
from contradicted
where order_rank = 1
