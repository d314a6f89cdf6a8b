{#-
  Health and dental assessments up to date at each month end, for each
  (month end, as-of night) of `nights` (la_code, period_end, as_of_date).
  One definition of the indicators, used four ways:
  - int_indicators_health: tonight (the month spine), counted;
  - int_indicator_revisions: every revision night (revision_aware=true:
    only assessments recorded by that night count), counted;
  - int_health_status_by_child: tonight, child by child, for the team
    managers' exception lists;
  - int_health_up_to_date_by_system: the same rule applied to the health
    team's register and to the case system (the health reconciliation).

  Cohort (the DfE's SSDA903 OC2 cohort, applied at every month end rather
  than only 31 March): children looked after at the month end who had been
  looked after continuously for at least 12 months.
  Health: an initial or review health assessment in the last 6 months for a
  child under 5 at the month end, in the last 12 months from age 5 (statutory
  guidance). Dental: a dental check in the last 12 months. The windows are
  whole months back from the month end (macros/month_end_windows.sql).
  Source: the assessments as recorded in the social care system (what the
  papers report; the health team's register is used to measure the lag).
  The cohort is the one known tonight: episodes are recorded within days
  (simulator: median 3), well before a month's first report.
-#}

{#-
  health_status_by_child(nights, assessments, revision_aware): one row per
  night, month end and child of the cohort, with whether each assessment is
  up to date, the latest one in the window and when the next falls due.
  `assessments`: a relation with la_code, child_id, assessment_type,
  assessment_date (and recorded_at when revision_aware).
-#}
{% macro health_status_by_child(nights, assessments, revision_aware=false) %}
    with

    cohort as (

        select * from {{ ref('int_children_looked_after_monthly') }}
        where period_start_date <= {{ month_end_months_before('period_end', 12) }}

    ),

    health_window as (

        select
            nights.la_code,
            nights.as_of_date,
            cohort.period_end,
            cohort.child_id,
            cohort.age_at_period_end,
            case
                when cohort.age_at_period_end < 5 then {{ rolling_window_start('cohort.period_end', 6) }}
                else {{ rolling_window_start('cohort.period_end', 12) }}
            end as health_window_start,
            case when cohort.age_at_period_end < 5 then 6 else 12 end as health_months
        from {{ nights }} as nights
        inner join cohort
            on
                nights.la_code = cohort.la_code
                and nights.period_end = cohort.period_end

    )

    select
        health_window.la_code,
        health_window.as_of_date,
        health_window.period_end,
        health_window.child_id,
        coalesce(bool_or(
            assessments.assessment_type in ('IHA', 'RHA')
            and assessments.assessment_date >= health_window.health_window_start
        ), false) as has_health_assessment_up_to_date,
        coalesce(bool_or(assessments.assessment_type = 'DENTAL'), false) as has_dental_check_up_to_date,
        -- The latest of each in the 12-month window (null: none in it), so an
        -- exception list can say how long ago the last one was.
        max(assessments.assessment_date) filter (where assessments.assessment_type in ('IHA', 'RHA'))
            as last_health_assessment_date,
        max(assessments.assessment_date) filter (where assessments.assessment_type = 'DENTAL')
            as last_dental_check_date,
        cast(
            max(assessments.assessment_date) filter (where assessments.assessment_type in ('IHA', 'RHA'))
            + to_months(any_value(health_window.health_months))
            as date
        ) as health_assessment_due_date,
        cast(
            max(assessments.assessment_date) filter (where assessments.assessment_type = 'DENTAL')
            + interval '12 month' as date
        ) as dental_check_due_date
    from health_window
    left join {{ assessments }} as assessments
        on
            health_window.la_code = assessments.la_code
            and health_window.child_id = assessments.child_id
            and health_window.period_end >= assessments.assessment_date
            and assessments.assessment_date >= {{ rolling_window_start('health_window.period_end', 12) }}
            {{- recorded_by('assessments.recorded_at', 'health_window.as_of_date', revision_aware) }}
    group by
        health_window.la_code,
        health_window.as_of_date,
        health_window.period_end,
        health_window.child_id

{% endmacro %}

{% macro health_assessment_indicators(nights, revision_aware=false, assessments=none) %}
    with

    child_status as (

        {{ health_status_by_child(nights, assessments or ref('stg_social_care__health_assessments'), revision_aware) }}

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
                nights.la_code = child_status.la_code
                and nights.period_end = child_status.period_end
                and {{ same_night('nights.as_of_date', 'child_status.as_of_date') }}
        group by nights.la_code, nights.as_of_date, nights.period_end

    )

    {{ indicator_rows('totals', {
        'lac_health_assessment_up_to_date_pct': ['health_up_to_date', 'cohort_children'],
        'lac_dental_up_to_date_pct': ['dental_up_to_date', 'cohort_children'],
    }, period_type='month', carry=['as_of_date']) }}
{% endmacro %}
