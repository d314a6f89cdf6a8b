{% macro last_visit_since_placement(cohort, visits, extra_columns=[]) -%}
    {#- One row per child in the month-end cohort CTE `cohort`: the current
        placement's start (the period's start if unknown) and the latest visit
        on or after it and on or before the month end (null if none). Shared
        by the national minimum standard and the local visiting standard. -#}
    select
        {{ cohort }}.period_end,
        {{ cohort }}.child_id,
        {%- for column in extra_columns %}
        {{ cohort }}.{{ column }},
        {%- endfor %}
        coalesce({{ cohort }}.placement_start_date, {{ cohort }}.period_start_date) as placement_start_date,
        max({{ visits }}.visit_date) as last_visit_date
    from {{ cohort }}
    left join {{ visits }}
        on
            {{ cohort }}.child_id = {{ visits }}.child_id
            and {{ visits }}.visit_date >= coalesce({{ cohort }}.placement_start_date, {{ cohort }}.period_start_date)
            and {{ cohort }}.period_end >= {{ visits }}.visit_date
    group by
        {{ cohort }}.period_end,
        {{ cohort }}.child_id,
        {%- for column in extra_columns %}
        {{ cohort }}.{{ column }},
        {%- endfor %}
        coalesce({{ cohort }}.placement_start_date, {{ cohort }}.period_start_date)
{%- endmacro %}

{% macro next_visit_due_nms(last_visit_date, placement_start_date) -%}
    {#- National minimum standard: within 7 days of the placement's start,
        then 6 weeks after a visit in the placement's first year, 12 weeks
        after a later one. -#}
    case
        when {{ last_visit_date }} is null then {{ placement_start_date }} + 7
        when {{ last_visit_date }} < {{ placement_start_date }} + interval 1 year then {{ last_visit_date }} + 42
        else {{ last_visit_date }} + 84
    end
{%- endmacro %}
