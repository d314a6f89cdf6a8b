-- The councils of the warehouse, one row each (the pooled raw history's
-- registry, dagster_project/pooled_raw.py): code, name and the LA whose DfE
-- benchmarks and statistical neighbours it is compared with.
with

source_rows as (

    select * from {{ source('pipeline', 'councils') }}

),

renamed as (

    select
        cast(source_rows.la_code as varchar) as la_code,
        cast(source_rows.name as varchar) as name,
        cast(source_rows.benchmark_la_code as varchar) as benchmark_la_code
    from source_rows

)

select * from renamed
