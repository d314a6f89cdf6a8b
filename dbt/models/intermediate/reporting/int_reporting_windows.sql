-- The date windows each month end reports on: the month itself, the
-- financial year to date (April to the month end) and the rolling 12 months
-- ending at the month end. Event-based indicators join their events to these
-- windows with a range condition, so year-to-date figures are counted from
-- the records, never summed from months.
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

windows as (

    select
        la_code,
        period_end,
        'month' as period_type,
        period_start as window_start,
        as_of_date
    from spine
    union all
    select
        la_code,
        period_end,
        'fytd' as period_type,
        financial_year_start as window_start,
        as_of_date
    from spine
    union all
    select
        la_code,
        period_end,
        'rolling_12_months' as period_type,
        {{ rolling_window_start('period_end', 12) }} as window_start,
        as_of_date
    from spine

)

select * from windows
