{#-
  Personal education plans, with a PEP and up to date, for each (month end,
  as-of night) of `nights` (la_code, period_end, as_of_date). Called by
  int_indicators_peps (tonight: the month spine) and int_indicator_revisions
  (revision_aware=true: only PEPs recorded by that night count).

  The Virtual School's local standard: a PEP refreshed every school term.
  Cohort: children looked after at the month end of school age, Reception to
  Year 11 (aged 4 to 15 on the 31 August before the academic year;
  int_school_age_looked_after_monthly). With a PEP = any PEP meeting during
  the current period of care on or before the month end (the papers' "% of
  LAC with a PEP"). Up to date = a PEP meeting in the current term on or
  before the month end. Terms by calendar: autumn September-December, spring
  January-March, summer April-August.
  Monthly rows are the "contemporaneous" figure (low early in a term); the
  'term' rows at the end of December, March and July are the end-of-term
  figure the 2019 paper reports ("Report Termly - End Jul, Dec, Mar").
-#}
{#-
  pep_status_by_child(nights, revision_aware): one row per night, month end
  and school-age child looked after, with has_pep and has_pep_this_term: what
  pep_indicators counts and the team managers' exception lists read.
-#}
{% macro pep_status_by_child(nights, revision_aware=false) %}
    with

    cohort as (

        select * from {{ ref('int_school_age_looked_after_monthly') }}

    ),

    peps as (

        select * from {{ ref('stg_virtual_school__peps') }}

    )

    select
        nights.la_code,
        nights.as_of_date,
        cohort.period_end,
        cohort.child_id,
        count(peps.pep_date) filter (where peps.pep_date >= cohort.period_start_date) > 0 as has_pep,
        count(peps.pep_date) filter (where peps.pep_date >= cohort.term_start_date) > 0 as has_pep_this_term
    from {{ nights }} as nights
    inner join cohort
        on
            nights.la_code = cohort.la_code
            and nights.period_end = cohort.period_end
    left join peps
        on
            cohort.la_code = peps.la_code
            and cohort.child_id = peps.child_id
            and peps.pep_date
            between least(cohort.period_start_date, cohort.term_start_date) and cohort.period_end
            {{- recorded_by('peps.recorded_at', 'nights.as_of_date', revision_aware) }}
    group by nights.la_code, nights.as_of_date, cohort.period_end, cohort.child_id

{% endmacro %}

{% macro pep_indicators(nights, revision_aware=false) %}
    with

    child_status as (

        {{ pep_status_by_child(nights, revision_aware) }}

    ),

    totals as (

        select
            nights.la_code,
            nights.as_of_date,
            nights.period_end,
            count(child_status.child_id) as school_age_looked_after,
            count(child_status.child_id) filter (where child_status.has_pep) as with_pep,
            count(child_status.child_id) filter (where child_status.has_pep_this_term) as pep_up_to_date
        from {{ nights }} as nights
        left join child_status
            on
                nights.la_code = child_status.la_code
                and nights.period_end = child_status.period_end
                and {{ same_night('nights.as_of_date', 'child_status.as_of_date') }}
        group by nights.la_code, nights.as_of_date, nights.period_end

    )

    {{ indicator_rows('totals', {
        'lac_up_to_date_pep_pct': ['pep_up_to_date', 'school_age_looked_after'],
        'lac_with_pep_pct': ['with_pep', 'school_age_looked_after'],
    }, period_type='month', carry=['as_of_date']) }}
    union all
    {{ indicator_rows('totals', {
        'lac_up_to_date_pep_pct': ['pep_up_to_date', 'school_age_looked_after'],
    }, period_type='term', where='month(period_end) in (3, 7, 12)', carry=['as_of_date']) }}
{% endmacro %}
