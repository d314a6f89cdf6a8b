-- Looked-after reviews held within timescale (Care Planning Regulations
-- 2010, reg. 33): the first review within 20 working days of the start of
-- the period of care, the second within 3 months of the first, later ones
-- within 6 months of the previous one. Each review held in the window counts
-- once, in time or late. (The restart of the cycle after a placement move
-- that the IRO report mentions is not applied: the SSDA903 does not record
-- it.) Reviews held outside a period of care (e.g. during a short break) are
-- not counted.
with

windows as (

    select * from {{ ref('int_reporting_windows') }}
    where period_type in ('month', 'fytd')

),

periods as (

    select * from {{ ref('int_periods_of_care') }}

),

reviews as (

    select * from {{ ref('stg_social_care__reviews') }}

),

reviews_in_care as (

    select
        reviews.child_id,
        reviews.review_date,
        periods.period_of_care_id,
        periods.period_start_date,
        row_number() over (
            partition by periods.period_of_care_id order by reviews.review_date
        ) as review_number,
        lag(reviews.review_date) over (
            partition by periods.period_of_care_id order by reviews.review_date
        ) as previous_review_date
    from reviews
    inner join periods
        on
            reviews.child_id = periods.child_id
            and reviews.review_date >= periods.period_start_date
            and (periods.period_end_date is null or reviews.review_date <= periods.period_end_date)

),

review_status as (

    select
        *,
        {{ review_due_date('review_number', 'period_start_date', 'previous_review_date') }}
            as review_due_date
    from reviews_in_care

),

totals as (

    select
        windows.la_code,
        windows.period_type,
        windows.period_end,
        count(review_status.review_date) as reviews_held,
        count(review_status.review_date) filter (
            where review_status.review_date <= review_status.review_due_date
        ) as reviews_in_time
    from windows
    left join review_status
        on review_status.review_date between windows.window_start and windows.period_end
    group by windows.la_code, windows.period_type, windows.period_end

)

select
    la_code,
    'lac_reviews_in_timescale_pct' as indicator_id,
    period_type,
    period_end,
    reviews_in_time as numerator,
    reviews_held as denominator
from totals
