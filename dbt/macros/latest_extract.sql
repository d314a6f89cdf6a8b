{% macro latest_extract(relation, recorded_at=none) -%}
    {#- The extract-selection rule every staging model shares. The raw history
        keeps every nightly extract (stored as row versions; each raw table is
        a view giving every night's full extract), so a model reads the newest
        extract on or before the as-of date and, where the table says when
        each row was recorded, only the rows recorded by the end of that day:
        the data as it was known on the as-of night. -#}
    select source_rows.*
    from {{ relation }} as source_rows
    where
        source_rows._extract_date = (
            select max(all_extracts._extract_date) from {{ extract_nights(relation) }} as all_extracts
            where all_extracts._extract_date <= {{ as_of_date() }}
        )
        {%- if recorded_at %}
        and source_rows.{{ recorded_at }} < {{ as_of_date() }} + interval '1 day'
        {%- endif %}
{%- endmacro %}


{% macro extract_nights(relation) -%}
    {#- The nights a raw table holds an extract of (one column, _extract_date),
        from the raw history's list of nights: finding them in the table
        itself would read every night's rows, a cost that grows with the
        nights held. Rows a dbt unit test gives carry their nights themselves. -#}
    {%- if relation.database == 'raw' -%}
        (
            select raw_nights.extract_date as _extract_date
            from raw.row_versions._nights as raw_nights
            where raw_nights.table_name = '{{ relation.identifier }}'
        )
    {%- else -%}
        (select distinct table_nights._extract_date from {{ relation }} as table_nights)
    {%- endif -%}
{%- endmacro %}
