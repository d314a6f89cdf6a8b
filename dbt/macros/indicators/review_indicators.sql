{#-
  Looked-after reviews held within timescale, for each window of `nights`
  (la_code, period_type, period_end, window_start, as_of_date; month and fytd
  windows are used). Called by int_indicators_reviews (tonight's reporting
  windows) and int_indicator_revisions (revision_aware=true: a review counts
  on the nights after it was recorded; whether it was in time is judged on
  the review sequence known tonight, because the previous review, months
  earlier, is recorded long before: simulator median lag 8 days).

  Care Planning Regulations 2010, reg. 33: the first review within 20
  working days of the start of the period of care, the second within 3
  months of the first, later ones within 6 months of the previous one. Each
  review held in the window counts once, in time or late. (The restart of
  the cycle after a placement move that the IRO report mentions is not
  applied: the SSDA903 does not record it.) Reviews held outside a period of
  care (e.g. during a short break) are not counted.
-#}
{% macro review_indicators(nights, revision_aware=false) %}
    with

    windows as (

        select * from {{ nights }}
        where period_type in ('month', 'fytd')

    ),

    periods as (

        select * from {{ ref('int_periods_of_care') }}

    ),

    reviews as (

        select * from {{ ref('int_reviews_adapted') }}

    ),

    reviews_in_care as (

        select
            reviews.la_code,
            reviews.child_id,
            reviews.review_date,
            reviews.recorded_at,
            periods.period_of_care_id,
            periods.period_start_date,
            row_number() over (
                partition by periods.la_code, periods.period_of_care_id order by reviews.review_date
            ) as review_number,
            lag(reviews.review_date) over (
                partition by periods.la_code, periods.period_of_care_id order by reviews.review_date
            ) as previous_review_date
        from reviews
        inner join periods
            on
                reviews.la_code = periods.la_code
                and reviews.child_id = periods.child_id
                and reviews.review_date >= periods.period_start_date
                and (periods.period_end_date is null or reviews.review_date <= periods.period_end_date)

    ),

    review_status as (

        select
            *,
            {{ review_due_date('review_number', 'period_start_date', 'previous_review_date') }} as review_due_date
        from reviews_in_care

    ),

    totals as (

        select
            windows.la_code,
            windows.period_type,
            windows.period_end,
            windows.as_of_date,
            count(review_status.review_date) as reviews_held,
            count(review_status.review_date) filter (
                where review_status.review_date <= review_status.review_due_date
            ) as reviews_in_time
        from windows
        left join review_status
            on
                windows.la_code = review_status.la_code
                and review_status.review_date between windows.window_start and windows.period_end
                {{- recorded_by('review_status.recorded_at', 'windows.as_of_date', revision_aware) }}
        group by windows.la_code, windows.period_type, windows.period_end, windows.as_of_date

    )

    {{ indicator_rows('totals', {
        'lac_reviews_in_timescale_pct': ['reviews_in_time', 'reviews_held'],
    }, carry=['as_of_date']) }}
{% endmacro %}


{#-
  Each child's next review as each night of `nights` knew it, with its trace
  in a plan (month windows; int_reviews_due_by_night, for the nowcast of
  reviews in timescale, int_reviews_not_yet_recorded).

  Reviews are few a month (about 110) and in time at nearly the same rate
  whether typed in early or late, so what moves a month after its first
  report is mostly the one or two out-of-time reviews typed in late: each
  costs almost a point, and monthly totals cannot foresee them. Each child's
  own records can: a care plan (or pathway plan) is agreed at every review
  (Care Planning Regulations 2010, reg. 32) and is typed in on its own, so a
  plan dated after the child's last recorded review, and recorded by the
  night, is the trace of a review held and not yet typed in.

  One row per period of care open in the window and night: the reviews
  recorded by then, the next review's due date from them (review_due_date,
  the indicator's own rule; the next review is numbered after those
  recorded), and the earliest plan recorded by then and dated more than 3
  days after the last recorded review (a plan follows its review by up to 3
  days) or, before the first review, after the care plan due within 10
  working days of entry (reg. 4).
-#}
{% macro reviews_due_by_night(nights) %}
    with

    windows as (

        select * from {{ nights }}
        where period_type = 'month'

    ),

    periods as (

        select * from {{ ref('int_periods_of_care') }}

    ),

    reviews as (

        select * from {{ ref('int_reviews_adapted') }}

    ),

    plans as (

        select * from {{ ref('stg_social_care__plans') }}

    ),

    reviews_in_care as (

        select
            periods.la_code,
            periods.period_of_care_id,
            reviews.review_date,
            reviews.recorded_at
        from reviews
        inner join periods
            on
                reviews.la_code = periods.la_code
                and reviews.child_id = periods.child_id
                and reviews.review_date >= periods.period_start_date
                and (periods.period_end_date is null or reviews.review_date <= periods.period_end_date)

    ),

    open_periods as (

        -- Periods of care open during the window, with the reviews recorded
        -- by the night.
        select
            windows.la_code,
            windows.period_type,
            windows.period_end,
            windows.window_start,
            windows.as_of_date,
            periods.child_id,
            periods.period_of_care_id,
            periods.period_start_date,
            periods.period_end_date,
            count(reviews_in_care.review_date) as reviews_recorded,
            max(reviews_in_care.review_date) as last_review_date
        from windows
        inner join periods
            on
                windows.la_code = periods.la_code
                and periods.period_start_date <= windows.period_end
                and (periods.period_end_date is null or periods.period_end_date >= windows.window_start)
        left join reviews_in_care
            on
                periods.la_code = reviews_in_care.la_code
                and periods.period_of_care_id = reviews_in_care.period_of_care_id
                and reviews_in_care.review_date <= windows.as_of_date
                {{- recorded_by('reviews_in_care.recorded_at', 'windows.as_of_date', true) }}
        group by
            windows.la_code,
            windows.period_type,
            windows.period_end,
            windows.window_start,
            windows.as_of_date,
            periods.child_id,
            periods.period_of_care_id,
            periods.period_start_date,
            periods.period_end_date

    ),

    next_reviews as (

        select
            *,
            {{ review_due_date('reviews_recorded + 1', 'period_start_date', 'last_review_date') }}
                as review_due_date,
            coalesce(last_review_date + 3, {{ add_working_days('period_start_date', 10) }}) as plans_after
        from open_periods

    ),

    traced as (

        -- The earliest plan recorded by the night after the last recorded
        -- review: the trace of the next review. One left join and one
        -- group by, not a join back to a grouped result: PostgreSQL
        -- estimates the open periods hundreds of times too few and joined
        -- such a result back with a nested loop (minutes).
        select
            next_reviews.la_code,
            next_reviews.period_type,
            next_reviews.period_end,
            next_reviews.window_start,
            next_reviews.as_of_date,
            next_reviews.period_of_care_id,
            next_reviews.review_due_date,
            min(plans.plan_date) as traced_plan_date
        from next_reviews
        left join plans
            on
                next_reviews.la_code = plans.la_code
                and next_reviews.child_id = plans.child_id
                and plans.plan_date > next_reviews.plans_after
                and plans.plan_date >= next_reviews.period_start_date
                and (next_reviews.period_end_date is null or plans.plan_date <= next_reviews.period_end_date + 3)
                {{- recorded_by('plans.recorded_at', 'next_reviews.as_of_date', true) }}
        group by
            next_reviews.la_code,
            next_reviews.period_type,
            next_reviews.period_end,
            next_reviews.window_start,
            next_reviews.as_of_date,
            next_reviews.period_of_care_id,
            next_reviews.review_due_date

    )

    select * from traced
{% endmacro %}
