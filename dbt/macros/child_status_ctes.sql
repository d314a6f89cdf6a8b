-- The child-level steps of the indicators whose figures count children who
-- are up to date: shared by the indicator model (which counts them) and the
-- child-level model the team managers' exception lists read, so the due and
-- overdue rules have one home. Each macro emits CTEs (no leading "with").

{% macro health_status_by_child_ctes() %}
spine as (

    select * from {{ ref('int_month_spine') }}

),

cohort as (

    select * from {{ ref('int_children_looked_after_monthly') }}
    where period_start_date <= period_end - interval 12 month

),

assessments as (

    select * from {{ ref('stg_social_care__health_assessments') }}

),

child_status as (

    select
        cohort.la_code,
        cohort.period_end,
        cohort.child_id,
        coalesce(bool_or(
            assessments.assessment_type in ('IHA', 'RHA')
            and assessments.assessment_date > cohort.period_end
            - case when cohort.age_at_period_end < 5 then interval 6 month else interval 12 month end
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
            + case when any_value(cohort.age_at_period_end) < 5 then interval 6 month else interval 12 month end
            as date
        ) as health_assessment_due_date,
        cast(
            max(assessments.assessment_date) filter (where assessments.assessment_type = 'DENTAL')
            + interval 12 month as date
        ) as dental_check_due_date
    from cohort
    left join assessments
        on
            cohort.child_id = assessments.child_id
            and cohort.period_end >= assessments.assessment_date
            and assessments.assessment_date > cohort.period_end - interval 12 month
    group by cohort.la_code, cohort.period_end, cohort.child_id

)
{% endmacro %}

{% macro visit_status_by_child_ctes() %}
spine as (

    select * from {{ ref('int_month_spine') }}

),

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
        cohort.period_end,
        cohort.child_id,
        cohort.placement_urn,
        cohort.is_placed_for_adoption,
        coalesce(cohort.placement_start_date, cohort.period_start_date) as placement_start_date,
        max(visits.visit_date) as last_visit_date
    from cohort
    left join visits
        on
            cohort.child_id = visits.child_id
            and visits.visit_date >= coalesce(cohort.placement_start_date, cohort.period_start_date)
            and cohort.period_end >= visits.visit_date
    group by
        cohort.period_end,
        cohort.child_id,
        cohort.placement_urn,
        cohort.is_placed_for_adoption,
        coalesce(cohort.placement_start_date, cohort.period_start_date)

),

matched as (

    select distinct
        last_visits.period_end,
        last_visits.child_id
    from last_visits
    inner join matches
        on
            last_visits.child_id = matches.child_id
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
                last_visits.last_visit_date < last_visits.placement_start_date + interval 1 year
                then last_visits.last_visit_date + 42
            else last_visits.last_visit_date + 84
        end as nms_due_date
    from last_visits
    left join matched
        on
            last_visits.period_end = matched.period_end
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
{% endmacro %}

{% macro pep_status_by_child_ctes() %}
spine as (

    select * from {{ ref('int_month_spine') }}

),

cohort as (

    select * from {{ ref('int_school_age_looked_after_monthly') }}

),

peps as (

    select * from {{ ref('stg_virtual_school__peps') }}

),

child_status as (

    select
        cohort.period_end,
        cohort.child_id,
        count(peps.pep_date) filter (where peps.pep_date >= cohort.period_start_date) > 0 as has_pep,
        count(peps.pep_date) filter (where peps.pep_date >= cohort.term_start_date) > 0 as has_pep_this_term
    from cohort
    left join peps
        on
            cohort.child_id = peps.child_id
            and peps.pep_date
            between least(cohort.period_start_date, cohort.term_start_date) and cohort.period_end
    group by cohort.period_end, cohort.child_id

)
{% endmacro %}

{% macro pathway_plan_status_by_child_ctes() %}
spine as (

    select * from {{ ref('int_month_spine') }}

),

looked_after_16_plus as (

    select * from {{ ref('int_children_looked_after_monthly') }}
    where age_at_period_end >= 16

),

periods as (

    select * from {{ ref('int_periods_of_care') }}

),

care_leavers as (

    select * from {{ ref('int_care_leavers_monthly') }}

),

pathway_plans as (

    select * from {{ ref('stg_social_care__plans') }}
    where plan_type = 'PATHWAY_PLAN'

),

eligible_looked_after as (

    select
        looked_after_16_plus.period_end,
        looked_after_16_plus.child_id
    from looked_after_16_plus
    inner join periods
        on
            looked_after_16_plus.child_id = periods.child_id
            and looked_after_16_plus.period_end >= periods.period_start_date
    group by looked_after_16_plus.period_end, looked_after_16_plus.child_id
    having
        sum(greatest(
            0,
            datediff(
                'day',
                greatest(periods.period_start_date, cast(periods.birth_date + interval 14 year as date)),
                least(
                    coalesce(periods.period_end_date, looked_after_16_plus.period_end), looked_after_16_plus.period_end
                )
            )
        )) >= 91

),

eligible as (

    select
        period_end,
        child_id
    from eligible_looked_after
    union
    select
        period_end,
        child_id
    from care_leavers

),

child_status as (

    select
        eligible.period_end,
        eligible.child_id,
        count(pathway_plans.plan_date) > 0 as has_pathway_plan
    from eligible
    left join pathway_plans
        on
            eligible.child_id = pathway_plans.child_id
            and eligible.period_end >= pathway_plans.plan_date
    group by eligible.period_end, eligible.child_id

)
{% endmacro %}

{#- When a looked-after review falls due (Care Planning Regulations 2010, reg. 33):
    the first within 20 working days of the start of the period of care, the
    second within 3 months of the first, later ones within 6 months of the
    previous one. review_number is the review's place in the period of care. -#}
{% macro review_due_date(review_number, period_start_date, previous_review_date) -%}
    case
        when {{ review_number }} = 1 then {{ add_working_days(period_start_date, 20) }}
        when {{ review_number }} = 2 then cast({{ previous_review_date }} + interval 3 month as date)
        else cast({{ previous_review_date }} + interval 6 month as date)
    end
{%- endmacro %}
