-- One row per council of the warehouse: code, name, benchmark LA and the
-- council's own as-of night (macro council_as_of_date, its one home): the
-- newest accepted social care extract (else SSDA903) on or before the
-- global night, which is the newest over every council. A council whose
-- drop is late is reported as at its own last night, not left with empty
-- months.
with

councils as (

    select * from {{ ref('stg_pipeline__councils') }}

),

extract_log as (

    select * from {{ source('pipeline', '_extract_log') }}

),

council_nights as (

    select
        councils.la_code,
        {{ council_as_of_date('extract_log') }} as as_of_date
    from councils
    left join extract_log
        on
            councils.la_code = extract_log._la_code
            and extract_log.status = 'accepted'
            and extract_log.extract_date <= {{ as_of_date() }}
    group by councils.la_code

)

select
    councils.la_code,
    councils.name,
    councils.benchmark_la_code,
    cast(council_nights.as_of_date as date) as as_of_date
from councils
inner join council_nights
    on councils.la_code = council_nights.la_code
