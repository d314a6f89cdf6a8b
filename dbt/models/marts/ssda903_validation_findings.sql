-- The DfE validation rules' findings on the 903, by rule and month, counts
-- only (no child): rows and children each rule flagged, with its severity
-- (quarantine: the rows were left out of the figures; warning: a likely
-- recording error the figures kept) and the table it reads. finding_month is
-- the month of the flagged record's date, null when the rule's record has
-- no usable date. Rules and their DfE numbers: docs/ssda903.md.
with

findings as (

    select * from {{ ref('stg_ssda903__validation_findings') }}

),

councils as (

    select * from {{ ref('int_councils') }}

)

select
    cast(findings.la_code as varchar) as la_code,
    -- each council's own night (int_councils)
    cast(councils.as_of_date as date) as as_of_date,
    cast(findings.rule_id as varchar) as rule_id,
    cast(findings.severity as varchar) as severity,
    cast(findings.table_name as varchar) as table_name,
    cast(findings.collection_year as integer) as collection_year,
    cast(findings.finding_month as date) as finding_month,
    cast(sum(findings.rows_flagged) as bigint) as rows_flagged,
    cast(sum(findings.children_flagged) as bigint) as children_flagged
from findings
inner join councils
    on findings.la_code = councils.la_code
group by
    findings.la_code, councils.as_of_date, findings.rule_id, findings.severity, findings.table_name,
    findings.collection_year, findings.finding_month
