-- LA mergers, splits and GSS renames (old_la_code -> successor).
with

source_rows as (

    select * from {{ source('dfe', 'dfe__la_code_changes') }}

),

renamed as (

    select
        cast(old_la_code as varchar) as old_la_code,
        cast(old_la_name as varchar) as old_la_name,
        cast(successor_old_la_code as varchar) as successor_old_la_code,
        cast(successor_la_name as varchar) as successor_la_name,
        cast(first_year_ending as date) as first_year_ending,
        cast(change_kind as varchar) as change_kind
    from source_rows

)

select * from renamed
