-- The DfE validation rules' findings on the 903, by rule and month, counts
-- only (no child): rows and children each rule flagged, with its severity
-- (quarantine: the rows were left out of the figures; warning: a likely
-- recording error the figures kept) and the table it reads. finding_month is
-- the month of the flagged record's date, null when the rule's record has
-- no usable date. Rules and their DfE numbers: docs/ssda903.md.
with

findings as (

    select * from {{ ref('stg_ssda903__validation_findings') }}

)

select
    cast(la_code as varchar) as la_code,
    cast({{ as_of_date() }} as date) as as_of_date,
    cast(rule_id as varchar) as rule_id,
    cast(severity as varchar) as severity,
    cast(table_name as varchar) as table_name,
    cast(collection_year as integer) as collection_year,
    cast(finding_month as date) as finding_month,
    cast(sum(rows_flagged) as bigint) as rows_flagged,
    cast(sum(children_flagged) as bigint) as children_flagged
from findings
group by la_code, rule_id, severity, table_name, collection_year, finding_month
