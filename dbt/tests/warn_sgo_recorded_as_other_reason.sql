-- A period of care ended by a special guardianship order or a child
-- arrangements order ceases with E41 or E43-E48. When the legal-status
-- record holds an SGO/CAO granted during a period (after it started, on or
-- before its end) and the period ceased for another reason, the reason
-- ceased is almost certainly mis-recorded (the case-system defect of a
-- permanence order typed as "ceased for any other reason"): the DfE ceased
-- by SGO/CAO counts and the permanence indicators miss the child. An order
-- granted after the period ended is not one: a child who went home can get
-- an order months later (int_indicators_legal_status).
-- One row per suspect period, with no child identifier; the row count is
-- the number of periods to correct. A warning: the figures still build.
{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'int_periods_of_care'}}}) }}

with

periods as (

    select * from {{ ref('int_periods_of_care') }}
    where period_end_date is not null

),

orders as (

    select * from {{ ref('stg_social_care__legal_statuses') }}
    where order_type in ('SGO', 'CAO')

)

select
    periods.la_code,
    periods.reason_ceased
from periods
where
    periods.reason_ceased not in ('E41', 'E43', 'E44', 'E45', 'E46', 'E47', 'E48')
    and exists (
        select 1
        from orders
        where
            orders.child_id = periods.child_id
            and orders.order_date > periods.period_start_date
            and orders.order_date <= periods.period_end_date
    )
