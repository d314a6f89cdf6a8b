{% macro latest_extract(relation, recorded_at=none) -%}
    {#- The extract-selection rule every staging model shares. The raw history
        keeps every nightly extract, each a full snapshot, so a model reads
        the newest extract on or before the as-of date and, where the table
        says when each row was recorded, only the rows recorded by the end of
        that day: the data as it was known on the as-of night. -#}
    select source_rows.*
    from {{ relation }} as source_rows
    where
        source_rows._extract_date = (
            select max(all_extracts._extract_date) from {{ relation }} as all_extracts
            where all_extracts._extract_date <= {{ as_of_date() }}
        )
        {%- if recorded_at %}
        and source_rows.{{ recorded_at }} < {{ as_of_date() }} + interval '1 day'
        {%- endif %}
{%- endmacro %}
