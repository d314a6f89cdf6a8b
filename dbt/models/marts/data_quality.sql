-- What tonight's figures rest on: every repair and quarantine, counted by
-- source, table, rule and action (repaired and quarantined_sequence from
-- dbt, field_nulled and row_dropped from the ingest gates). Records: rows
-- or findings; children: distinct children they concern (0 for tables
-- without a child, such as the fostering tracker). No identifiers: the list of
-- records to correct goes through the restricted output.
with

findings as (

    select * from {{ ref('int_data_quality_findings') }}

),

councils as (

    select * from {{ ref('int_councils') }}

)

select
    cast(findings.la_code as varchar) as la_code,
    -- each council's own night (int_councils)
    cast(councils.as_of_date as date) as as_of_date,
    cast(findings.source as varchar) as source,
    cast(findings.table_name as varchar) as table_name,
    cast(findings.rule as varchar) as rule,
    cast(findings.action as varchar) as action,
    cast(count(*) as bigint) as records,
    cast(count(distinct findings.child_id) as bigint) as children
from findings
inner join councils
    on findings.la_code = councils.la_code
group by findings.la_code, councils.as_of_date, findings.source, findings.table_name, findings.rule, findings.action
