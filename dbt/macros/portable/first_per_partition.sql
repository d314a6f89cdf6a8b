{#-
  One row per partition, the first by an order, on DuckDB and PostgreSQL
  (the portability check, tests/postgres). PostgreSQL has no QUALIFY; its
  DISTINCT ON does the same job but opens the select list. So the rule is two
  macros, written where the two dialects put it:

      select {{ distinct_on('child_id') }} child_id, ...
      from ...
      where ...
      {{ first_per_partition('child_id', 'start_date desc') }}

  DuckDB: nothing after `select`, and `qualify row_number() over (partition
  by ... order by ...) = 1` at the end, the SQL the models had before.
  PostgreSQL: `distinct on (...)` and `order by <partition>, <order>`.
-#}
{% macro distinct_on(partition_by) -%}
    {{ return(adapter.dispatch('distinct_on')(partition_by)) }}
{%- endmacro %}
{% macro default__distinct_on(partition_by) -%}
{%- endmacro %}
{% macro postgres__distinct_on(partition_by) -%}
    distinct on ({{ partition_by }})
{%- endmacro %}

{% macro first_per_partition(partition_by, order_by) -%}
    {{ return(adapter.dispatch('first_per_partition')(partition_by, order_by)) }}
{%- endmacro %}
{% macro default__first_per_partition(partition_by, order_by) -%}
    qualify row_number() over (partition by {{ partition_by }} order by {{ order_by }}) = 1
{%- endmacro %}
{% macro postgres__first_per_partition(partition_by, order_by) -%}
    order by {{ partition_by }}, {{ order_by }}
{%- endmacro %}
