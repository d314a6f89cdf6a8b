{% macro latest_extract(relation, recorded_at=none) -%}
    {#- The extract-selection rule every staging model shares. The raw history
        keeps every nightly extract (stored as row versions: each raw table is
        a view giving every night's full extract), so a model reads the newest
        extract on or before the as-of date and, where the table says when
        each row was recorded, only the rows recorded by the end of that day:
        the data as it was known on the as-of night. The newest night is
        looked up in the raw history's list of nights (row_versions._nights),
        not found by scanning every night's rows; rows given by a dbt unit
        test carry their nights themselves. -#}
    select source_rows.*
    from {{ relation }} as source_rows
    where
        source_rows._extract_date = (
            {%- if relation.database == 'raw' %}
            select max(all_extracts.extract_date) from raw.row_versions._nights as all_extracts
            where
                all_extracts.table_name = '{{ relation.identifier }}'
                and all_extracts.extract_date <= {{ as_of_date() }}
            {%- else %}
            select max(all_extracts._extract_date) from {{ relation }} as all_extracts
            where all_extracts._extract_date <= {{ as_of_date() }}
            {%- endif %}
        )
        {%- if recorded_at %}
        and source_rows.{{ recorded_at }} < {{ as_of_date() }} + interval 1 day
        {%- endif %}
{%- endmacro %}
