{#-
  The financial year (April to March) a date falls in, one rule for every
  model: financial_year_start_year(d) is the calendar year it starts in
  (2024 for any date from 1 April 2024 to 31 March 2025);
  financial_year_start(d) its first day; financial_year_label(d) the
  papers' "2024/25"; previous_financial_year_end(d) the 31 March before it
  (last year's outturn date).
-#}
{% macro financial_year_start_year(d) -%}
    (case when month({{ d }}) >= 4 then year({{ d }}) else year({{ d }}) - 1 end)
{%- endmacro %}

{% macro financial_year_start(d) -%}
    make_date({{ financial_year_start_year(d) }}, 4, 1)
{%- endmacro %}

{% macro financial_year_label(d) -%}
    (
        cast({{ financial_year_start_year(d) }} as varchar)
        || '/'
        || right(cast({{ financial_year_start_year(d) }} + 1 as varchar), 2)
    )
{%- endmacro %}

{% macro previous_financial_year_end(d) -%}
    make_date({{ financial_year_start_year(d) }}, 3, 31)
{%- endmacro %}
