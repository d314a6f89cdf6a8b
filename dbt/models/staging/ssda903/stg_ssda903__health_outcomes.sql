-- 903 OC2: outcomes at 31 March of children looked after continuously for 12
-- months, one row per child and collection year (yes/no items are '1'/'0').
with

source_rows as (

    {{ ssda903_latest_records(source('ssda903', 'oc2'), ['CHILD', 'COLLECTION_YEAR']) }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."COLLECTION_YEAR" as integer) as collection_year,
        cast(source_rows."HEALTH_ASSESSMENT" as varchar) as health_assessment_code,
        cast(source_rows."TEETH_CHECK" as varchar) as teeth_check_code,
        cast(source_rows."IMMUNISATIONS" as varchar) as immunisations_code,
        cast(source_rows."HEALTH_CHECK" as varchar) as health_check_code,
        cast(source_rows."SDQ_SCORE" as varchar) as sdq_score,
        cast(source_rows."SDQ_REASON" as varchar) as sdq_reason,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
