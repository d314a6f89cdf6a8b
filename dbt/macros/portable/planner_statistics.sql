{#-
  planner_statistics(): the post-hook (dbt_project.yml) that gives
  PostgreSQL's planner statistics on each table dbt has just built.

  dbt-postgres builds a table with CREATE TABLE AS and never analyses it, and
  the next model reads it at once, before autovacuum has looked: the planner
  then guesses. Its guess for an equality on a column it knows nothing about
  is 1 row in 200, while `la_code` is one value for every row of a
  single-council build, so every join on la_code was estimated some 200
  times too small. In int_care_leavers_monthly that turned 26,000 care
  leaver months into an estimate of 1 row and a nested loop re-aggregating
  every contact for each of them (about 30 minutes; with statistics a hash
  join, the whole model in about 3 s). ANALYZE of these tables takes milliseconds.

  DuckDB keeps exact row counts and column statistics as it writes a table:
  nothing to do there, so the hook renders empty and dbt skips it.
-#}
{% macro planner_statistics() -%}
    {{ return(adapter.dispatch('planner_statistics')()) }}
{%- endmacro %}

{% macro default__planner_statistics() -%}
{%- endmacro %}

{% macro postgres__planner_statistics() -%}
    {#- views and ephemeral models hold no rows of their own to analyse -#}
    {%- if config.get('materialized') in ('table', 'incremental', 'seed') -%}
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
