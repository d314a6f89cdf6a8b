{#-
  Health and dental assessments up to date at each month end, for each
  (month end, as-of night) of `nights` (la_code, period_end, as_of_date).
  Called by int_indicators_health (tonight: the month spine) and by
  int_indicator_revisions (every revision night, revision_aware=true: only
  assessments recorded by that night count). One definition of the indicator.

  Cohort (the DfE's SSDA903 OC2 cohort, applied at every month end rather
  than only 31 March): children looked after at the month end who had been
  looked after continuously for at least 12 months.
  Health: an initial or review health assessment in the last 6 months for a
  child under 5 at the month end, in the last 12 months from age 5 (statutory
  guidance). Dental: a dental check in the last 12 months.
  Source: the assessments as recorded in the social care system (what the
  papers report; the health team's register is used to measure the lag).
  The cohort is the one known tonight: episodes are recorded within days
  (simulator: median 3), well before a month's first report.
-#}
{% macro health_assessment_indicators(nights, revision_aware=false) %}
    with

    cohort as (

        select * from {{ ref('int_children_looked_after_monthly') }}
        where period_start_date <= period_end - interval 12 month

    ),

    assessments as (

        select * from {{ ref('stg_social_care__health_assessments') }}

    ),

    child_status as (

        select
            nights.la_code,
            nights.as_of_date,
            nights.period_end,
            cohort.child_id,
            coalesce(bool_or(
                assessments.assessment_type in ('IHA', 'RHA')
                and assessments.assessment_date > cohort.period_end
                - case when cohort.age_at_period_end < 5 then interval 6 month else interval 12 month end
            ), false) as has_health_assessment_up_to_date,
            coalesce(bool_or(assessments.assessment_type = 'DENTAL'), false) as has_dental_check_up_to_date
        from {{ nights }} as nights
        inner join cohort
            on nights.period_end = cohort.period_end
        left join assessments
            on
                cohort.child_id = assessments.child_id
                and cohort.period_end >= assessments.assessment_date
                and assessments.assessment_date > cohort.period_end - interval 12 month
                {{- recorded_by('assessments.recorded_at', 'nights.as_of_date', revision_aware) }}
        group by nights.la_code, nights.as_of_date, nights.period_end, cohort.child_id

    ),

    totals as (

        select
            nights.la_code,
            nights.as_of_date,
            nights.period_end,
            count(child_status.child_id) as cohort_children,
            count(child_status.child_id) filter (where child_status.has_health_assessment_up_to_date)
                as health_up_to_date,
            count(child_status.child_id) filter (where child_status.has_dental_check_up_to_date)
                as dental_up_to_date
        from {{ nights }} as nights
        left join child_status
            on
                nights.period_end = child_status.period_end
                and nights.as_of_date is not distinct from child_status.as_of_date
        group by nights.la_code, nights.as_of_date, nights.period_end

    )

    select
        la_code,
        'lac_health_assessment_up_to_date_pct' as indicator_id,
        'month' as period_type,
        period_end,
        as_of_date,
        health_up_to_date as numerator,
        cohort_children as denominator
    from totals
    union all
    select
        la_code,
        'lac_dental_up_to_date_pct' as indicator_id,
        'month' as period_type,
        period_end,
        as_of_date,
        dental_up_to_date as numerator,
        cohort_children as denominator
    from totals
{% endmacro %}
