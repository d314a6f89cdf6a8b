-- Reviews held in each month and not yet typed in, as each revision night
-- could see them, child by child (int_reviews_due_by_night; the macro
-- reviews_due_by_night in macros/indicators/review_indicators.sql says how a
-- review is traced through the plan agreed at it). int_indicator_nowcasts
-- adds them to the recorded reviews to nowcast reviews in timescale.
--
-- A traced review is taken as held the day before its plan (plans follow
-- their review by 0-3 days), in the month that day falls in, and as in time
-- when the plan is at most 3 days after the due date: it may have been held
-- on the due date, about 9 in 10 reviews are in time, and few late ones are
-- held within 3 days of it (simulated LA: every traced review judged in
-- time at the first report was in time).
--
-- Reviews neither recorded nor traced are left out: estimating them child by
-- child from settled months (by the week each child's review fell due) had
-- no skill for the late ones, which are what moves the figure, and made the
-- back-test's first-report error worse (docs/provisional_months.md).
with

children as (

    select * from {{ ref('int_reviews_due_by_night') }}
    where traced_plan_date - 1 between window_start and period_end

)

select
    la_code,
    'lac_reviews_in_timescale_pct' as indicator_id,
    period_type,
    period_end,
    as_of_date,
    count(*) as reviews_not_yet_recorded,
    count(*) filter (where traced_plan_date <= review_due_date + 3) as in_time_not_yet_recorded
from children
group by la_code, period_type, period_end, as_of_date
