-- The child-level steps of the indicators whose figures count children who
-- are up to date: shared by the indicator model (which counts them) and the
-- child-level model the team managers' exception lists read, so the due and
-- overdue rules have one home. Each macro emits CTEs (no leading "with").
-- Health, visits and PEPs, which the revision history also computes night by
-- night, have theirs beside their indicator macros in macros/indicators/.

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
        looked_after_16_plus.la_code,
        looked_after_16_plus.period_end,
        looked_after_16_plus.child_id
    from looked_after_16_plus
    inner join periods
        on
            looked_after_16_plus.la_code = periods.la_code
            and looked_after_16_plus.child_id = periods.child_id
            and looked_after_16_plus.period_end >= periods.period_start_date
    group by looked_after_16_plus.la_code, looked_after_16_plus.period_end, looked_after_16_plus.child_id
    having
        sum(greatest(
            0,
            datediff(
                'day',
                greatest(periods.period_start_date, cast(periods.birth_date + interval '14 year' as date)),
                least(
                    coalesce(periods.period_end_date, looked_after_16_plus.period_end), looked_after_16_plus.period_end
                )
            )
        )) >= 91

),

eligible as (

    select
        la_code,
        period_end,
        child_id
    from eligible_looked_after
    union
    select
        la_code,
        period_end,
        child_id
    from care_leavers

),

child_status as (

    select
        eligible.la_code,
        eligible.period_end,
        eligible.child_id,
        count(pathway_plans.plan_date) > 0 as has_pathway_plan
    from eligible
    left join pathway_plans
        on
            eligible.la_code = pathway_plans.la_code
            and eligible.child_id = pathway_plans.child_id
            and eligible.period_end >= pathway_plans.plan_date
    group by eligible.la_code, eligible.period_end, eligible.child_id

)
{% endmacro %}

{#- When a looked-after review falls due (Care Planning Regulations 2010, reg. 33):
    the first within 20 working days of the start of the period of care, the
    second within 3 months of the first, later ones within 6 months of the
    previous one. review_number is the review's place in the period of care. -#}
{% macro review_due_date(review_number, period_start_date, previous_review_date) -%}
    case
        when {{ review_number }} = 1 then {{ add_working_days(period_start_date, 20) }}
        when {{ review_number }} = 2 then cast({{ previous_review_date }} + interval '3 month' as date)
        else cast({{ previous_review_date }} + interval '6 month' as date)
    end
{%- endmacro %}
