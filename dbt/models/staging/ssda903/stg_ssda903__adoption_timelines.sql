-- 903 AD1 (adoption dates), staged as stg_social_care__adoption_timelines.
-- The 903 has no date of the placement order: it is the start of the child's
-- first episode under legal status E1 (placement order granted).
-- recorded_at = the extract date.
with

source_rows as (

    {{ ssda903_latest_records(source('ssda903', 'ad1'), ['CHILD']) }}

),

episode_rows as (

    {{ ssda903_latest_records(source('ssda903', 'episodes'), ['CHILD', 'DECOM']) }}

),

placement_orders as (

    select
        episode_rows._la_code,
        episode_rows."CHILD" as child_id,
        min(episode_rows."DECOM") as placement_order_date
    from episode_rows
    where episode_rows."LS" = 'E1'
    group by episode_rows._la_code, episode_rows."CHILD"

),

renamed as (

    select
        {{ row_la_code() }} as la_code,
        cast(source_rows."CHILD" as varchar) as child_id,
        cast(source_rows."DATE_INT" as date) as decision_to_adopt_date,
        cast(placement_orders.placement_order_date as date) as placement_order_date,
        cast(source_rows."DATE_MATCH" as date) as matched_date,
        source_rows."FOSTER_CARE" = '1' as is_foster_carer_adoption,
        cast(source_rows."NB_ADOPTR" as varchar) as number_of_adopters,
        cast(source_rows."SEX_ADOPTR" as varchar) as adopter_sex_code,
        cast(source_rows."LS_ADOPTR" as varchar) as adopter_legal_status,
        cast(source_rows._extract_date as timestamp) as recorded_at,
        source_rows._extract_date as extract_date
    from source_rows
    left join placement_orders
        on
            source_rows._la_code = placement_orders._la_code
            and source_rows."CHILD" = placement_orders.child_id

)

select * from renamed
