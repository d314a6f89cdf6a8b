-- One row per loaded DfE release file (its current content).
with

source_rows as (

    select * from {{ source('dfe', 'dfe__releases') }}

),

renamed as (

    select
        cast(release_file as varchar) as release_file,
        cast(kind as varchar) as release_kind,
        cast(dataset as varchar) as dataset,
        cast(release_sha256 as varchar) as release_sha256,
        cast(rows_loaded as bigint) as rows_loaded,
        cast(first_year_ending as date) as first_year_ending,
        cast(last_year_ending as date) as last_year_ending,
        cast(model_version as integer) as model_version,
        cast(loaded_at as timestamp) as loaded_at
    from source_rows

)

select * from renamed
