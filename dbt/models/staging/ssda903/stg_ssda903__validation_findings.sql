-- The 903 validation rules' findings, counts only (no child in this table),
-- of the newest 903 extract on or before the night. The ingest writes one
-- set of findings per accepted extract, none at all for a clean one, so the
-- extract is the night's 903 (the header's latest_extract), not the newest
-- extract holding findings: a clean return must not show the faults of the
-- one before it.
with

latest_903_extract as (

    select
        header_rows._la_code as la_code,
        max(header_rows._extract_date) as extract_date
    from ({{ latest_extract(ssda903_relation(source('ssda903', 'header'))) }}) as header_rows
    group by header_rows._la_code

),

source_rows as (

    select findings_rows.*
    from {{ ssda903_relation(source('ssda903', 'validation_findings')) }} as findings_rows
    inner join latest_903_extract
        on
            findings_rows._la_code = latest_903_extract.la_code
            and findings_rows.extract_date = latest_903_extract.extract_date

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows.extract_date as date) as extract_date,
        cast(source_rows.rule as varchar) as rule_id,
        cast(source_rows.severity as varchar) as severity,
        cast(source_rows.table_name as varchar) as table_name,
        cast(source_rows.collection_year as integer) as collection_year,
        cast(source_rows.finding_month as date) as finding_month,
        cast(source_rows.failing_rows as bigint) as rows_flagged,
        cast(source_rows.children as bigint) as children_flagged
    from source_rows

)

select * from renamed
