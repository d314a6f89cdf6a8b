{% macro latest_extract(relation, recorded_at=none) -%}
    {#- The extract-selection rule every staging model shares. The raw history
        keeps every nightly extract (stored as row versions; each raw table is
        a view giving every night's full extract), so a model reads, for each
        council, the newest extract on or before that council's as-of night
        (council_as_of_dates) and, where the table says when each row was
        recorded, only the rows recorded by the end of that day: the data as
        it was known on the council's as-of night. Every raw row carries its
        council (`_la_code`, dagster_project/pooled_raw.py), so one council's
        newest night never selects another council's rows. -#}
    select source_rows.*
    from {{ relation }} as source_rows
    inner join (
        select
            all_extracts.la_code,
            max(all_extracts._extract_date) as extract_date,
            max(council_nights.as_of_date) as as_of_date
        from {{ extract_nights(relation) }} as all_extracts
        inner join {{ council_as_of_dates(relation) }} as council_nights
            on all_extracts.la_code = council_nights.la_code
        where all_extracts._extract_date <= council_nights.as_of_date
        group by all_extracts.la_code
    ) as latest_night
        on
            source_rows._la_code = latest_night.la_code
            and source_rows._extract_date = latest_night.extract_date
    {%- if recorded_at %}
    where source_rows.{{ recorded_at }} < latest_night.as_of_date + interval '1 day'
    {%- endif %}
{%- endmacro %}


{% macro extract_nights(relation) -%}
    {#- The nights a raw table holds an extract of, per council (columns
        la_code, _extract_date), from the raw history's list of nights:
        finding them in the table itself would read every night's rows, a
        cost that grows with the nights held. Rows a dbt unit test gives (and
        the PostgreSQL mirror, which has no list of nights) carry their
        nights and council themselves. -#}
    {%- if relation.database == 'raw' -%}
        (
            select
                raw_nights.la_code,
                raw_nights.extract_date as _extract_date
            from raw.row_versions._nights as raw_nights
            where raw_nights.table_name = '{{ relation.identifier }}'
        )
    {%- else -%}
        (
            select distinct
                table_nights._la_code as la_code,
                table_nights._extract_date
            from {{ relation }} as table_nights
        )
    {%- endif -%}
{%- endmacro %}


{% macro council_as_of_dates(relation) -%}
    {#- Each council's as-of night (columns la_code, as_of_date) for a raw
        table: from the raw history's extract log and council registry, read
        beside the table (`raw.main` on DuckDB, the mirrored schema on
        PostgreSQL), by the rule of council_as_of_date (its one home). Rows a
        dbt unit test gives have no extract log beside them: each council in
        the given rows takes the global night (as_of_date()). -#}
    {%- if relation is string or relation.identifier is none
        or relation.identifier.startswith('__dbt__cte__') -%}
        (
            select distinct
                given_rows._la_code as la_code,
                {{ as_of_date() }} as as_of_date
            from {{ relation }} as given_rows
        )
    {%- else -%}
        {%- set extract_log = api.Relation.create(
            database=relation.database, schema=relation.schema, identifier='_extract_log') -%}
        {%- set councils = api.Relation.create(
            database=relation.database, schema=relation.schema, identifier='councils') -%}
        (
            select
                registry.la_code,
                {{ council_as_of_date('extract_log') }} as as_of_date
            from {{ councils }} as registry
            left join {{ extract_log }} as extract_log
                on
                    registry.la_code = extract_log._la_code
                    and extract_log.status = 'accepted'
                    and extract_log.extract_date <= {{ as_of_date() }}
            group by registry.la_code
        )
    {%- endif -%}
{%- endmacro %}


{% macro council_as_of_date(extract_log_alias) -%}
    {#- The rule for a council's as-of night, an aggregate over its accepted
        extract log rows on or before the global night (as_of_date(), the
        newest over every council): its newest social care extract, else its
        newest SSDA903 extract (a council sending the 903 instead), as
        dagster_project/raw_history.as_of_date decides for one council. A
        council with neither (a raw history written without an extract log,
        as some tests write it) takes the global night. -#}
    coalesce(
        max(case when {{ extract_log_alias }}.source = 'social_care' then {{ extract_log_alias }}.extract_date end),
        max(case when {{ extract_log_alias }}.source = 'ssda903' then {{ extract_log_alias }}.extract_date end),
        {{ as_of_date() }}
    )
{%- endmacro %}


{% macro row_la_code(alias='source_rows') -%}
    {#- The council a raw row belongs to: every raw row carries it
        (`_la_code`, dagster_project/pooled_raw.py), so staging takes a row's
        la_code from the row itself, never from the var la_code. -#}
    cast({{ alias }}._la_code as varchar)
{%- endmacro %}
