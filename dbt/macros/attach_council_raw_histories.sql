{#-
  attach_council_raw_histories(): the on-run-start hook that attaches each
  council's raw history, read-only, under the alias the pooled raw history's
  views name it by (council_<la_code>; dagster_project/pooled_raw.py). The
  pooled file itself is attached as `raw` by the profile. Var
  council_raw_dbs: {la_code: path}, passed by Dagster (dbt_project.dbt_vars).
  Only on DuckDB: PostgreSQL gets a mirrored copy instead.
-#}
{% macro attach_council_raw_histories() -%}
    {%- if target.type == 'duckdb' and execute -%}
        {%- for la_code, path in var('council_raw_dbs', {}).items() -%}
            {%- if not modules.re.match('^[0-9]{3}$', la_code | string) -%}
                {{ exceptions.raise_compiler_error('council_raw_dbs: an LA code is three digits') }}
            {%- endif -%}
            {%- set statement -%}
                attach if not exists '{{ path | replace("'", "''") }}' as council_{{ la_code }} (read_only)
            {%- endset -%}
            {%- do run_query(statement) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
