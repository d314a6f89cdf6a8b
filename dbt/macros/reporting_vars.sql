{#-
  as_of_date(): the night the figures are computed "as known on", as a SQL
  date literal. The var as_of_date wins; otherwise the latest extract date of
  the social care episodes in the raw history (the source every indicator
  hangs off). With an empty raw history (first run, tests) it falls back to
  today, which yields an empty month spine because there is no data; when
  the raw history is not attached (sqlfluff's lint target), today.
-#}
{% macro as_of_date() -%}
    {%- set explicit = var('as_of_date', '') -%}
    {%- if explicit -%}
        date '{{ explicit }}'
    {%- elif execute -%}
        {#- The raw history may not be attached (sqlfluff's lint target). -#}
        {%- set found = run_query(
            "select count(*) from duckdb_tables() "
            ~ "where database_name = 'raw' and table_name = 'social_care__episodes'"
        ) -%}
        {%- set latest = none -%}
        {%- if found is not none and found.columns[0].values()[0] > 0 -%}
            {%- set result = run_query("select max(_extract_date) from raw.main.social_care__episodes") -%}
            {%- set latest = result.columns[0].values()[0] -%}
        {%- endif -%}
        {%- if latest -%}
            date '{{ latest }}'
        {%- else -%}
            current_date
        {%- endif -%}
    {%- else -%}
        current_date
    {%- endif -%}
{%- endmacro %}

{#- la_code(): the LA's old 3-digit code as a SQL string literal. -#}
{% macro la_code() -%}
    '{{ var("la_code", "999") }}'
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
    ((datediff('day', date '2001-01-01', {{ date_expr }}) // 7) * 5
     + least(datediff('day', date '2001-01-01', {{ date_expr }}) % 7 + 1, 5))
{%- endmacro %}

{% macro add_working_days(date_expr, n) -%}
    (date '2001-01-01'
     + cast((({{ weekday_number(date_expr) }} + {{ n }} - 1) // 5) * 7
     + (({{ weekday_number(date_expr) }} + {{ n }} - 1) % 5) as integer))
{%- endmacro %}

{#- Age in completed years on a date (the birthday itself counts). -#}
{% macro age_in_years(birth_date, on_date) -%}
    (year({{ on_date }}) - year({{ birth_date }})
     - case when strftime({{ on_date }}, '%m%d') < strftime({{ birth_date }}, '%m%d') then 1 else 0 end)
{%- endmacro %}
