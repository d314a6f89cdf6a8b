-- One row per indicator that cannot be computed on the night because a
-- source table it needs has never been received (int_sources_received):
-- `source_status` reads "needs <source table>[, ...]". Which tables an
-- indicator needs is the catalogue's `source` column (seeds/indicators.csv),
-- the one declaration; its tokens are split portably (dbt.split_part) on
-- ';', at most five per indicator (the catalogue's longest has three).
with

indicators as (

    select * from {{ ref('indicators') }}

),

received as (

    select * from {{ ref('int_sources_received') }}

),

councils as (

    select * from {{ ref('int_councils') }}

),

needed as (

    {#- dbt.split_part takes the token's position as a literal on PostgreSQL,
        so each position is its own select (union: distinct) -#}
    {% for position in range(1, 6) %}
        select
            indicators.indicator_id,
            trim({{ dbt.split_part('indicators.source', "';'", position) }}) as source_table
        from indicators
        {% if not loop.last %}union{% endif %}
    {% endfor %}

),

missing as (

    select
        councils.la_code,
        needed.indicator_id,
        needed.source_table
    from needed
    cross join councils
    left join received
        on
            councils.la_code = received.la_code
            and needed.source_table = received.source_table
    where
        needed.source_table != ''
        and coalesce(received.is_received, false) = false

)

select
    la_code,
    indicator_id,
    'needs ' || {{ dbt.listagg('source_table', "', '", 'order by source_table') }} as source_status
from missing
group by la_code, indicator_id
