{#-
  indicator_value(unit, numerator, denominator): an indicator's value from
  its numerator and denominator, shared by indicator_values, the revision
  history and the nowcast so a value is computed one way everywhere. The
  count itself for counts, 100 x numerator / denominator for percentages,
  10,000 x numerator / denominator for rates, numerator / denominator for
  averages (total days / adoptions, cases / FTE); null when the denominator
  is zero or unknown. Rounded to 4 decimals.
-#}
{% macro indicator_value(unit, numerator, denominator) -%}
    {#- Arguments may be expressions: parenthesised so precedence holds. -#}
    {%- set numerator = '(' ~ numerator ~ ')' -%}
    {%- set denominator = '(' ~ denominator ~ ')' -%}
    round(
        case
            when {{ unit }} = 'count' then {{ numerator }}
            when {{ denominator }} is null or {{ denominator }} = 0 then null
            when {{ unit }} = 'percentage' then 100.0 * {{ numerator }} / {{ denominator }}
            when {{ unit }} = 'rate_per_10k' then 10000.0 * {{ numerator }} / {{ denominator }}
            when {{ unit }} in ('average_days', 'average_cases') then 1.0 * {{ numerator }} / {{ denominator }}
        end, 4
    )
{%- endmacro %}
