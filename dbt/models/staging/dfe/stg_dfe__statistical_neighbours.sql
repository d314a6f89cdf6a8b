-- DfE/NFER children's services statistical neighbours: ten per LA and model.
with

source_rows as (

    select * from {{ source('dfe', 'dfe__statistical_neighbours') }}

),

renamed as (

    select
        cast(model_version as integer) as sn_model_version,
        cast(old_la_code as varchar) as old_la_code,
        cast(la_name as varchar) as la_name,
        cast(neighbour_rank as integer) as neighbour_rank,
        cast(neighbour_old_la_code as varchar) as neighbour_old_la_code,
        cast(closeness as varchar) as closeness,
        cast(release_file as varchar) as release_file
    from source_rows

)

select * from renamed
