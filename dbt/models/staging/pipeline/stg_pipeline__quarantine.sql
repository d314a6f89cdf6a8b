-- The ingest gates' findings (raw `_quarantine`) for the extract each
-- figure is built from: the latest extract of each source table on or
-- before its council's as-of date. One row per finding (a row can break several rules).
-- `action` and `child_id` are recorded by the ingest; a raw history created
-- before they were added lacks the columns (`create table if not exists`
-- never adds columns), and then every finding was a dropped row.
{%- set quarantine = source('pipeline', '_quarantine') -%}
{%- set present = [] -%}
{%- if execute -%}
    {%- for column in adapter.get_columns_in_relation(quarantine) -%}
        {%- do present.append(column.name | lower) -%}
    {%- endfor -%}
{%- endif %}
with

findings as (

    select * from {{ quarantine }}

),

latest_extracts as (

    select
        findings._la_code,
        findings.source,
        findings.table_name,
        max(findings.extract_date) as extract_date
    from findings
    inner join {{ council_as_of_dates(quarantine) }} as council_nights
        on findings._la_code = council_nights.la_code
    where findings.extract_date <= council_nights.as_of_date
    group by findings._la_code, findings.source, findings.table_name

),

renamed as (

    select
        {{ row_la_code('findings') }} as la_code,
        cast(findings.source as varchar) as source,
        cast(findings.table_name as varchar) as table_name,
        cast(findings.extract_date as date) as extract_date,
        cast(findings.row_number as bigint) as row_number,
        cast(findings.column_name as varchar) as column_name,
        cast(findings.rule as varchar) as rule,
        {% if 'action' in present -%}
            cast(coalesce(findings.action, 'row_dropped') as varchar) as action,
        {%- else -%}
            cast('row_dropped' as varchar) as action,
        {%- endif %}
        {% if 'child_id' in present -%}
            cast(findings.child_id as varchar) as child_id
        {%- else -%}
            cast(null as varchar) as child_id
        {%- endif %}
    from findings
    inner join latest_extracts
        on
            findings._la_code = latest_extracts._la_code
            and findings.source = latest_extracts.source
            and findings.table_name = latest_extracts.table_name
            and findings.extract_date = latest_extracts.extract_date

)

select * from renamed
