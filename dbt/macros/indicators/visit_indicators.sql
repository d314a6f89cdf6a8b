{#-
  Statutory visits up to date at the month end, to both standards the papers
  report, for each (month end, as-of night) of `nights` (la_code, period_end,
  as_of_date). Called by int_indicators_visits (tonight: the month spine)
  and int_indicator_revisions (revision_aware=true: only visits recorded by
  that night count). One pass over the month-end cohort and its visits. Only
  visits since the current placement started count; temporary placements
  (T0-T4) do not restart the clock (see int_episodes_sequenced). Up to date
  = the next visit is not yet overdue at the month end.

  National minimum standard (4.6 / 6.21 / 6.15): within 1 week of the start
  of a placement, then at least every 6 weeks in the placement's first
  year, then at least every 12 weeks: the next visit is due 7 days after
  the placement started if there has been none, else 42 days after the last
  visit if that visit was in the placement's first year, else 84 days.

  Local standard (2017 ref 6.16): within the first week, then every four
  weeks (28 days) until the child has been permanently matched to the
  placement, after which the national minimum standard applies.
  Permanently matched = a long-term fostering match for the current
  placement's URN dated on or after the placement started and on or before
  the month end (a match to an earlier placement does not count), or
  placed for adoption (A3-A6).
-#}
{#-
  visit_status_by_child(nights, revision_aware): one row per night, month end
  and child looked after, with the last visit since the placement started and
  when the next visit is due to each standard (nms_due_date, local_due_date):
  what visit_indicators counts and the team managers' exception lists read.
-#}
{% macro visit_status_by_child(nights, revision_aware=false) %}
    with

    cohort as (

        select * from {{ ref('int_children_looked_after_monthly') }}

    ),

    visits as (

        select * from {{ ref('stg_social_care__visits') }}

    ),

    matches as (

        select * from {{ ref('stg_social_care__permanence_matches') }}

    ),

    last_visits as (

        -- The current placement's start (the period's start if unknown) and the
        -- latest visit on or after it and on or before the month end.
        select
            nights.la_code,
            nights.as_of_date,
            cohort.period_end,
            cohort.child_id,
            cohort.placement_urn,
            cohort.is_placed_for_adoption,
            coalesce(cohort.placement_start_date, cohort.period_start_date) as placement_start_date,
            max(visits.visit_date) as last_visit_date
        from {{ nights }} as nights
        inner join cohort
            on
                nights.la_code = cohort.la_code
                and nights.period_end = cohort.period_end
        left join visits
            on
                cohort.la_code = visits.la_code
                and cohort.child_id = visits.child_id
                and visits.visit_date >= coalesce(cohort.placement_start_date, cohort.period_start_date)
                and cohort.period_end >= visits.visit_date
                {{- recorded_by('visits.recorded_at', 'nights.as_of_date', revision_aware) }}
        group by
            nights.la_code,
            nights.as_of_date,
            cohort.period_end,
            cohort.child_id,
            cohort.placement_urn,
            cohort.is_placed_for_adoption,
            coalesce(cohort.placement_start_date, cohort.period_start_date)

    ),

    matched as (

        select distinct
            last_visits.la_code,
            last_visits.as_of_date,
            last_visits.period_end,
            last_visits.child_id
        from last_visits
        inner join matches
            on
                last_visits.la_code = matches.la_code
                and last_visits.child_id = matches.child_id
                and last_visits.placement_urn = matches.placement_urn
                and matches.match_date between last_visits.placement_start_date and last_visits.period_end

    ),

    national_standard as (

        select
            last_visits.*,
            coalesce(last_visits.is_placed_for_adoption, false)
            or matched.child_id is not null as is_permanently_matched,
            case
                when last_visits.last_visit_date is null then last_visits.placement_start_date + 7
                when
                    last_visits.last_visit_date < last_visits.placement_start_date + interval '1 year'
                    then last_visits.last_visit_date + 42
                else last_visits.last_visit_date + 84
            end as nms_due_date
        from last_visits
        left join matched
            on
                last_visits.la_code = matched.la_code
                and {{ same_night('last_visits.as_of_date', 'matched.as_of_date') }}
                and last_visits.period_end = matched.period_end
                and last_visits.child_id = matched.child_id

    ),

    visit_status as (

        select
            *,
            case
                when is_permanently_matched then nms_due_date
                when last_visit_date is null then placement_start_date + 7
                else last_visit_date + 28
            end as local_due_date
        from national_standard

    )

    select * from visit_status

{% endmacro %}

{% macro visit_indicators(nights, revision_aware=false) %}
    with

    visit_status as (

        {{ visit_status_by_child(nights, revision_aware) }}

    ),

    totals as (

        select
            nights.la_code,
            nights.as_of_date,
            nights.period_end,
            count(visit_status.child_id) as looked_after,
            count(visit_status.child_id) filter (where visit_status.nms_due_date >= nights.period_end)
                as up_to_date_nms,
            count(visit_status.child_id) filter (where visit_status.local_due_date >= nights.period_end)
                as up_to_date_local
        from {{ nights }} as nights
        left join visit_status
            on
                nights.la_code = visit_status.la_code
                and nights.period_end = visit_status.period_end
                and {{ same_night('nights.as_of_date', 'visit_status.as_of_date') }}
        group by nights.la_code, nights.as_of_date, nights.period_end

    )

    {{ indicator_rows('totals', {
        'lac_visits_nms_pct': ['up_to_date_nms', 'looked_after'],
        'lac_visits_rotherham_standard_pct': ['up_to_date_local', 'looked_after'],
    }, period_type='month', carry=['as_of_date']) }}
{% endmacro %}
