-- The 903 validation rules' findings, counts only (no child in this table).
-- As the ingest last wrote them (it replaces them with each 903 drop).
with

source_rows as (

    select * from {{ ssda903_relation(source('ssda903', 'validation_findings')) }} as findings_rows

),

renamed as (

    select
        {{ la_code() }} as la_code,
        cast(source_rows.rule as varchar) as rule_id,
        cast(source_rows.severity as varchar) as severity,
        cast(source_rows.table_name as varchar) as table_name,
        cast(source_rows.collection_year as integer) as collection_year,
        cast(source_rows.finding_month as date) as finding_month,
        cast(source_rows.rows as bigint) as rows_flagged,
        cast(source_rows.children as bigint) as children_flagged
    from source_rows

)

select * from renamed
