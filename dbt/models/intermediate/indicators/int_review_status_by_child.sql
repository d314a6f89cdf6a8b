-- One row per child looked after at a month end: the reviews held so far in
-- the current period of care and when the next one falls due, by the same
-- rule int_indicators_reviews applies to the reviews held (macro
-- review_due_date). What the team managers' exception lists read.
-- Child-level: never published.
with

looked_after as (

    select * from {{ ref('int_children_looked_after_monthly') }}

),

reviews as (

    select * from {{ ref('int_reviews_adapted') }}

),

reviews_so_far as (

    select
        looked_after.la_code,
        looked_after.period_end,
        looked_after.child_id,
        looked_after.period_start_date,
        count(reviews.review_date) as reviews_held,
        max(reviews.review_date) as last_review_date
    from looked_after
    left join reviews
        on
            looked_after.la_code = reviews.la_code
            and looked_after.child_id = reviews.child_id
            and reviews.review_date between looked_after.period_start_date and looked_after.period_end
    group by
        looked_after.la_code,
        looked_after.period_end,
        looked_after.child_id,
        looked_after.period_start_date

)

select
    *,
    {{ review_due_date('reviews_held + 1', 'period_start_date', 'last_review_date') }}
        as next_review_due_date
from reviews_so_far
