{#-
  as_of_date(): the night the figures are computed "as known on", as a SQL
  date literal: the var as_of_date when given (by hand, a unit test, or a
  back-test); else the environment variable LAC_DBT_AS_OF_DATE, which Dagster
  sets for the dbt process only, from its one home
  (dagster_project/raw_history.py, as_of_date: the newest accepted social
  care extract). Neither (an empty raw history, dbt run by hand without it,
  sqlfluff's lint target): today, which yields an empty month spine when
  there is no data.

  The night is not a var on the nightly run because any change of vars makes
  dbt parse the whole project again (8-10 s); the environment variable is
  read only when executing (`execute`), so parsing never records it and the
  partial parse survives from night to night (dagster_project/dbt_project.py).
-#}
{% macro as_of_date() -%}
    {%- set explicit = var('as_of_date') -%}
    {%- if not explicit and execute -%}
        {%- set explicit = env_var('LAC_DBT_AS_OF_DATE', '') -%}
    {%- endif -%}
    {%- if explicit -%}
        date '{{ explicit }}'
    {%- else -%}
        current_date
    {%- endif -%}
{%- endmacro %}

{#- la_code(): the LA's old 3-digit code as a SQL string literal (var la_code). -#}
{% macro la_code() -%}
    '{{ var("la_code") }}'
{%- endmacro %}

{#- history_start(): the var as a SQL date literal, or null (derive from data). -#}
{% macro history_start() -%}
    {%- set explicit = var('history_start', '') -%}
    {%- if explicit -%}
        date '{{ explicit }}'
    {%- else -%}
        cast(null as date)
    {%- endif -%}
{%- endmacro %}

{#-
  Working days (Monday-Friday; bank holidays are not in the data, so they are
  not excluded). weekday_number(d) numbers weekdays from Monday 2001-01-01 = 1;
  a Saturday or Sunday takes the number of the Friday before it.
  add_working_days(d, n) is the date n working days after d.
-#}
{% macro weekday_number(date_expr) -%}
    ({{ integer_division("datediff('day', date '2001-01-01', " ~ date_expr ~ ")", 7) }} * 5
     + least(datediff('day', date '2001-01-01', {{ date_expr }}) % 7 + 1, 5))
{%- endmacro %}

{% macro add_working_days(date_expr, n) -%}
    (date '2001-01-01'
     + cast({{ integer_division(weekday_number(date_expr) ~ ' + ' ~ n ~ ' - 1', 5) }} * 7
     + (({{ weekday_number(date_expr) }} + {{ n }} - 1) % 5) as integer))
{%- endmacro %}

{#- Age in completed years on a date (the birthday itself counts). -#}
{% macro age_in_years(birth_date, on_date) -%}
    (year({{ on_date }}) - year({{ birth_date }})
     - case when strftime({{ on_date }}, '%m%d') < strftime({{ birth_date }}, '%m%d') then 1 else 0 end)
{%- endmacro %}
