-- Special guardianship orders (SGO) and child arrangements orders (CAO)
-- granted after a period of being looked after, counted from the case
-- system's legal-status record (2022/23 ref 4.15; 2019/20 ref 6.6, SGOs
-- only), not from the reason the period of care ceased (4.16, in
-- int_indicators_care_flows): an order can be granted before the period is
-- closed, or months after a child left care for another reason.
-- An order counts when a period of care (short breaks excluded) started
-- before the order date. In the month, the financial year to date and the
-- rolling 12 months, each counted from the records over the whole window.
with

windows as (

    select * from {{ ref('int_reporting_windows') }}

),

periods as (

    select * from {{ ref('int_periods_of_care') }}

),

orders as (

    select * from {{ ref('stg_social_care__legal_statuses') }}

),

orders_after_care as (

    select distinct
        orders.la_code,
        orders.child_id,
        orders.order_type,
        orders.order_date
    from orders
    inner join periods
        on
            orders.la_code = periods.la_code
            and orders.child_id = periods.child_id
            and orders.order_date > periods.period_start_date
    where orders.order_type in ('SGO', 'CAO')

),

window_totals as (

    select
        windows.la_code,
        windows.period_type,
        windows.period_end,
        count(orders_after_care.child_id) as granted,
        count(orders_after_care.child_id) filter (where orders_after_care.order_type = 'SGO') as sgo_granted
    from windows
    left join orders_after_care
        on
            windows.la_code = orders_after_care.la_code
            and orders_after_care.order_date between windows.window_start and windows.period_end
    group by windows.la_code, windows.period_type, windows.period_end

)

{{ indicator_rows('window_totals', {
    'sgo_cao_granted_legal_status_count': 'granted',
    'sgo_started_legal_status_count': 'sgo_granted',
}) }}
