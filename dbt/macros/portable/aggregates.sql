{#-
  DuckDB's aggregates over two values, written for each adapter (the
  portability check, tests/postgres). On DuckDB each emits exactly the call
  the models made before, so the DuckDB figures cannot move.

  arg_max(arg, val, where) / arg_min(arg, val): `arg` on the row with the
  largest (smallest) `val`; rows where either is null are left out, as
  DuckDB does; `where`, a condition, is the aggregate's filter.
  arg_max_null keeps rows whose `arg` is null (a period still open has no
  end date, and that is its answer). quantile_cont(value, fraction): the
  interpolated quantile, PostgreSQL's percentile_cont.
-#}
{% macro arg_max(arg, val, where=none) -%}
    {{ return(adapter.dispatch('arg_max')(arg, val, where)) }}
{%- endmacro %}
{% macro default__arg_max(arg, val, where) -%}
    arg_max({{ arg }}, {{ val }}){% if where %} filter (where {{ where }}){% endif %}
{%- endmacro %}
{% macro postgres__arg_max(arg, val, where) -%}
    (array_agg({{ arg }} order by {{ val }} desc) filter (
        where {{ arg }} is not null and {{ val }} is not null{% if where %} and ({{ where }}){% endif %}
    ))[1]
{%- endmacro %}

{% macro arg_min(arg, val) -%}
    {{ return(adapter.dispatch('arg_min')(arg, val)) }}
{%- endmacro %}
{% macro default__arg_min(arg, val) -%}
    arg_min({{ arg }}, {{ val }})
{%- endmacro %}
{% macro postgres__arg_min(arg, val) -%}
    (array_agg({{ arg }} order by {{ val }}) filter (where {{ arg }} is not null and {{ val }} is not null))[1]
{%- endmacro %}

{% macro arg_max_null(arg, val) -%}
    {{ return(adapter.dispatch('arg_max_null')(arg, val)) }}
{%- endmacro %}
{% macro default__arg_max_null(arg, val) -%}
    arg_max_null({{ arg }}, {{ val }})
{%- endmacro %}
{% macro postgres__arg_max_null(arg, val) -%}
    (array_agg({{ arg }} order by {{ val }} desc) filter (where {{ val }} is not null))[1]
{%- endmacro %}

{% macro quantile_cont(value, fraction) -%}
    {{ return(adapter.dispatch('quantile_cont')(value, fraction)) }}
{%- endmacro %}
{% macro default__quantile_cont(value, fraction) -%}
    quantile_cont({{ value }}, {{ fraction }})
{%- endmacro %}
{% macro postgres__quantile_cont(value, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ value }})
{%- endmacro %}

{#- last_value_ignore_nulls(value, window): the window's last value that is
    not null; PostgreSQL has no IGNORE NULLS, so it takes the last element
    of the window's values with the nulls removed. -#}
{% macro last_value_ignore_nulls(value, window) -%}
    {{ return(adapter.dispatch('last_value_ignore_nulls')(value, window)) }}
{%- endmacro %}
{% macro default__last_value_ignore_nulls(value, window) -%}
    last_value({{ value }} ignore nulls) over ({{ window }})
{%- endmacro %}
{% macro postgres__last_value_ignore_nulls(value, window) -%}
    (array_remove(array_agg({{ value }}) over ({{ window }}), null))[
        cardinality(array_remove(array_agg({{ value }}) over ({{ window }}), null))
    ]
{%- endmacro %}

{#- integer_division(a, b): a divided by b, rounded toward zero, for the
    non-negative integers the models divide (DuckDB's `//`; PostgreSQL's `/`
    on integers). -#}
{% macro integer_division(dividend, divisor) -%}
    {{ return(adapter.dispatch('integer_division')(dividend, divisor)) }}
{%- endmacro %}
{% macro default__integer_division(dividend, divisor) -%}
    (({{ dividend }}) // {{ divisor }})
{%- endmacro %}
{% macro postgres__integer_division(dividend, divisor) -%}
    (cast(({{ dividend }}) as bigint) / cast({{ divisor }} as bigint))
{%- endmacro %}

{#- try_cast_to(value, type): the value as a number of `type`, or null when
    it does not read as one (DuckDB's try_cast). PostgreSQL has no try_cast:
    the text is checked against the number's pattern first. Numbers only:
    integer types, decimal and float8. -#}
{% macro try_cast_to(value, type) -%}
    {{ return(adapter.dispatch('try_cast_to')(value, type)) }}
{%- endmacro %}
{% macro default__try_cast_to(value, type) -%}
    try_cast({{ value }} as {{ type }})
{%- endmacro %}
{% macro postgres__try_cast_to(value, type) -%}
    {%- if type in ('integer', 'bigint', 'smallint') -%}
        {%- set pattern = '^\s*[+-]?[0-9]+\s*$' -%}
    {%- else -%}
        {%- set pattern = '^\s*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\s*$' -%}
    {%- endif -%}
    case when cast({{ value }} as text) ~ '{{ pattern }}' then cast(cast({{ value }} as text) as {{ type }}) end
{%- endmacro %}
