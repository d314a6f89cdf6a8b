-- Adoption timeline (SSDA903 AD1), one row per child with a decision to adopt.
-- Rows of the extract as known on the as-of night (macros/latest_extract.sql).
with

source_rows as (

    {{ latest_extract(source('social_care', 'ad1'), recorded_at='"RECORDED_AT"') }}

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."DATE_INT" as date) as decision_to_adopt_date,
        cast(source_rows."DATE_PLACEMENT_ORDER" as date) as placement_order_date,
        cast(source_rows."DATE_MATCH" as date) as matched_date,
        source_rows."FOSTER_CARE" = '1' as is_foster_carer_adoption,
        cast(source_rows."NB_ADOPTR" as varchar) as number_of_adopters,
        cast(source_rows."SEX_ADOPTR" as varchar) as adopter_sex_code,
        cast(source_rows."LS_ADOPTR" as varchar) as adopter_legal_status,
        cast(source_rows."RECORDED_AT" as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows

)

select * from renamed
