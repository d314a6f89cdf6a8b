{#-
  same_night(left, right): the join condition "the same as-of night", where
  both may be null (tonight's reporting windows given by a unit test carry
  no night: null matches null).

  DuckDB: `is not distinct from`, as the indicator macros always wrote it.
  PostgreSQL can neither hash nor merge on `is not distinct from`, so a join
  with it keeps only its other keys (la_code, one value in a single-council
  build) and compares every row with every row: the revision history's
  initial health assessments took 17 s on it. There, the nights are compared
  with `=`, a missing night read as -infinity, which no night is.
-#}
{% macro same_night(left, right) -%}
    {{ return(adapter.dispatch('same_night')(left, right)) }}
{%- endmacro %}

{% macro default__same_night(left, right) -%}
    {{ left }} is not distinct from {{ right }}
{%- endmacro %}

{% macro postgres__same_night(left, right) -%}
    coalesce({{ left }}, cast('-infinity' as date)) = coalesce({{ right }}, cast('-infinity' as date))
{%- endmacro %}
