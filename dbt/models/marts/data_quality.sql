-- What tonight's figures rest on: every repair and quarantine, counted by
-- source, table, rule and action (repaired and quarantined_sequence from
-- dbt, field_nulled and row_dropped from the ingest gates). Records: rows
-- or findings; children: distinct children they concern (0 for tables
-- without a child, such as the fostering tracker). No identifiers: the list of
-- records to correct goes through the restricted output.
with

findings as (

    select * from {{ ref('int_data_quality_findings') }}

)

select
    cast(la_code as varchar) as la_code,
    cast({{ as_of_date() }} as date) as as_of_date,
    cast(source as varchar) as source,
    cast(table_name as varchar) as table_name,
    cast(rule as varchar) as rule,
    cast(action as varchar) as action,
    cast(count(*) as bigint) as records,
    cast(count(distinct child_id) as bigint) as children
from findings
group by la_code, source, table_name, rule, action
