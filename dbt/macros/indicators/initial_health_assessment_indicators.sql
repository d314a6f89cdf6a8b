{#-
  Initial health assessments within 20 working days of entering care, for
  each window of `nights` (la_code, period_type, period_end, window_start,
  as_of_date; month and fytd windows are used). Called by
  int_indicators_initial_health_assessments (tonight's reporting windows) and
  int_indicator_revisions (every revision night, revision_aware=true: only
  IHAs recorded by that night count).

  Each period of care owes an IHA by its 20th working day (Monday-Friday;
  bank holidays are not in the data); it counts in the window where that due
  date falls, so a month's figure is complete at the month end. Children who
  left care before the due date are not counted. In time = an IHA recorded
  between the day care started and the due date (inclusive).
-#}
{% macro initial_health_assessment_indicators(nights, revision_aware=false, assessments=none) %}
    with

    windows as (

        select * from {{ nights }}
        where period_type in ('month', 'fytd')

    ),

    nights_known as (

        select distinct
            la_code,
            as_of_date
        from windows

    ),

    periods as (

        select
            *,
            {{ add_working_days('period_start_date', 20) }} as iha_due_date
        from {{ ref('int_periods_of_care') }}

    ),

    assessments as (

        select * from {{ assessments or ref('stg_social_care__health_assessments') }}
        where assessment_type = 'IHA'

    ),

    period_status as (

        select
            nights_known.la_code,
            nights_known.as_of_date,
            periods.child_id,
            periods.period_of_care_id,
            periods.iha_due_date,
            count(assessments.assessment_date) > 0 as has_iha_in_time
        from nights_known
        inner join periods
            on nights_known.la_code = periods.la_code
        left join assessments
            on
                periods.la_code = assessments.la_code
                and periods.child_id = assessments.child_id
                and assessments.assessment_date between periods.period_start_date and periods.iha_due_date
                {{- recorded_by('assessments.recorded_at', 'nights_known.as_of_date', revision_aware) }}
        where periods.period_end_date is null or periods.period_end_date >= periods.iha_due_date
        group by
            nights_known.la_code,
            nights_known.as_of_date,
            periods.child_id,
            periods.period_of_care_id,
            periods.iha_due_date

    ),

    totals as (

        select
            windows.la_code,
            windows.period_type,
            windows.period_end,
            windows.as_of_date,
            count(period_status.period_of_care_id) as iha_due,
            count(period_status.period_of_care_id) filter (where period_status.has_iha_in_time) as iha_in_time
        from windows
        left join period_status
            on
                windows.la_code = period_status.la_code
                and period_status.iha_due_date between windows.window_start and windows.period_end
                and {{ same_night('windows.as_of_date', 'period_status.as_of_date') }}
        group by windows.la_code, windows.period_type, windows.period_end, windows.as_of_date

    )

    {{ indicator_rows('totals', {
        'lac_iha_in_timescale_pct': ['iha_in_time', 'iha_due'],
    }, carry=['as_of_date']) }}
{% endmacro %}
