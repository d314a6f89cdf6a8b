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

        select * from {{ ref('stg_social_care__reviews') }}

    ),

    reviews_in_care as (

        select
            reviews.child_id,
            reviews.review_date,
            reviews.recorded_at,
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
            case
                when review_number = 1 then {{ add_working_days('period_start_date', 20) }}
                when review_number = 2 then cast(previous_review_date + interval 3 month as date)
                else cast(previous_review_date + interval 6 month as date)
            end as review_due_date
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
                review_status.review_date between windows.window_start and windows.period_end
                {{- recorded_by('review_status.recorded_at', 'windows.as_of_date', revision_aware) }}
        group by windows.la_code, windows.period_type, windows.period_end, windows.as_of_date

    )

    select
        la_code,
        'lac_reviews_in_timescale_pct' as indicator_id,
        period_type,
        period_end,
        as_of_date,
        reviews_in_time as numerator,
        reviews_held as denominator
    from totals
{% endmacro %}
