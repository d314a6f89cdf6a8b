-- DfE published values, long form: one row per release file, source row and
-- value column. Suppressed cells have a null value and a suppression_code.
with

source_rows as (

    select * from {{ source('dfe', 'dfe__values') }}

),

renamed as (

    select
        cast(release_file as varchar) as release_file,
        cast(release_sha256 as varchar) as release_sha256,
        cast(dataset as varchar) as dataset,
        cast(source_row as bigint) as source_row,
        cast(time_period as varchar) as time_period,
        cast(year_ending as date) as year_ending,
        cast(geographic_level as varchar) as geographic_level,
        cast(region_code as varchar) as region_code,
        cast(region_name as varchar) as region_name,
        cast(old_la_code as varchar) as old_la_code,
        cast(new_la_code as varchar) as new_la_code,
        cast(la_name as varchar) as la_name,
        cast(breakdown_1 as varchar) as breakdown_1,
        cast(breakdown_2 as varchar) as breakdown_2,
        cast(breakdown_3 as varchar) as breakdown_3,
        cast(measure as varchar) as measure,
        cast(value_text as varchar) as value_text,
        cast(value as float8) as value,
        cast(suppression_code as varchar) as suppression_code
    from source_rows

)

select * from renamed
