{% macro ssda903_latest_records(relation, natural_key) -%}
    {#- The 903 rows as known on the as-of night (latest_extract: the newest
        903 extract on or before it), one row per record: a cumulative return
        repeats each earlier year's records, and the latest collection year
        wins, as dagster_project/ssda903/current_view.latest_records does in
        Python (a later return corrects an earlier one). -#}
    select ranked_rows.*
    from (
        select
            extract_rows.*,
            row_number() over (
                partition by extract_rows._la_code, {% for column in natural_key %}extract_rows."{{ column }}"{{ ", " if not loop.last }}{% endfor %}
                order by extract_rows."COLLECTION_YEAR" desc
            ) as record_rank
        from (
            {{ latest_extract(ssda903_relation(relation)) }}
        ) as extract_rows
    ) as ranked_rows
    where ranked_rows.record_rank = 1
{%- endmacro %}

{% macro ssda903_sex_code(column) -%}
    {#- The contract's SEX codes (1 male, 2 female): the 903 used them until
        2023/24 and reports M/F/U from 2024/25 (contract/ssda903_codes.yaml);
        U (unknown) has no contract code, so it becomes null. -#}
    case
        when {{ column }} in ('1', 'M') then '1'
        when {{ column }} in ('2', 'F') then '2'
    end
{%- endmacro %}

{% macro adapter_union(social_care_model, ssda903_model) -%}
    {#- One staged table for the intermediate models, from either adapter:
        the social care extract's rows when it holds any for this table as
        known on the night, otherwise the 903's. Decided per council too: one
        council's social care rows never hide another council's 903. Decided per table, so a
        council sending the 903 plus some operational social care tables
        (visits, plans) gets each from where it is; a council sending the
        full social care extract never reads the 903 (its figures are as
        before). Both staged models carry the same columns in the same order. -#}
    with

    social_care as (

        select * from {{ ref(social_care_model) }}

    ),

    ssda903 as (

        select * from {{ ref(ssda903_model) }}

    )

    select * from social_care
    union all
    select * from ssda903
    where not exists (
        select 1 from social_care
        where social_care.la_code = ssda903.la_code
    )
{%- endmacro %}


{% macro ssda903_relation(relation) -%}
    {#- The raw 903 table, or, while the raw history has no such table (a
        raw history the 903 ingest has never touched), an empty table of the
        columns the source declares (_ssda903__sources.yml), so every
        council's build runs whether or not it sends a 903. Unit tests give
        their own rows in place of the table. -#}
    {%- if not execute or relation is string or relation.identifier is none
        or relation.identifier.startswith('__dbt__cte__') -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set existing = adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier
    ) -%}
    {%- if existing is not none -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set declared = [] -%}
    {%- for node in graph.sources.values()
        if node.source_name == 'ssda903' and node.identifier == relation.identifier -%}
        {%- do declared.extend(node.columns.values()) -%}
    {%- endfor -%}
    {%- if not declared -%}
        {{ exceptions.raise_compiler_error("ssda903_relation: no declared columns for " ~ relation.identifier) }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for column in declared -%}
        {%- do columns.append('cast(null as ' ~ column.data_type ~ ') as "' ~ column.name ~ '"') -%}
    {%- endfor -%}
    {{ return('(select ' ~ columns | join(', ') ~ ' where 1 = 0)') }}
{%- endmacro %}
