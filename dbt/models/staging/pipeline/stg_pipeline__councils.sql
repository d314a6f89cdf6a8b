-- The council registry: every council whose raw history the warehouse pools,
-- with the real LA it is benchmarked as (raw councils, pooled_raw.py).
with

councils as (

    select * from {{ source('pipeline', 'councils') }}

)

select
    cast(la_code as varchar) as la_code,
    cast(name as varchar) as name,
    cast(benchmark_la_code as varchar) as benchmark_la_code
from councils
