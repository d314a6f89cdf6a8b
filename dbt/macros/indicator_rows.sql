{#-
  indicator_rows(relation, indicators, period_type=none, where=none, carry=[]):
  the indicator family's rows, one select per indicator joined by union all,
  in the shape every int_indicators_* model gives indicator_values
  (la_code, indicator_id, period_type, period_end, numerator, denominator).

  indicators: indicator_id -> its measure, in order. A column (or
  expression) alone is a count: numerator, no denominator. A pair
  [numerator, denominator] is a share, rate or average.
  period_type: none = the relation's own period_type column (windowed
  families: month, fytd, rolling_12_months); a name ('month', 'term') = that
  period type on every row.
  where: an optional filter on the relation (term rows at term ends).
  carry: further columns carried between period_end and numerator (the
  revision history's as_of_date).
-#}
{% macro indicator_rows(relation, indicators, period_type=none, where=none, carry=[]) -%}
    {%- for indicator_id, measure in indicators.items() %}
        {%- if measure is string -%}
            {%- set numerator, denominator = measure, 'cast(null as bigint)' -%}
        {%- else -%}
            {%- set numerator, denominator = measure[0], measure[1] -%}
        {%- endif %}
    select
        la_code,
        '{{ indicator_id }}' as indicator_id,
        {{ "period_type" if period_type is none else "'" ~ period_type ~ "'" }} as period_type,
        period_end,
        {%- for column in carry %}
        {{ column }},
        {%- endfor %}
        {{ numerator }} as numerator,
        {{ denominator }} as denominator
    from {{ relation }}
        {%- if where is not none %}
    where {{ where }}
        {%- endif %}
        {%- if not loop.last %}
    union all
        {%- endif %}
    {%- endfor %}
{%- endmacro %}
