-- One row per indicator that cannot be computed on the night because a
-- source table it needs has never been received (int_sources_received):
-- `source_status` reads "needs <source table>[, ...]". Which tables an
-- indicator needs is the catalogue's `source` column (seeds/indicators.csv),
-- the one declaration; its tokens are split portably (dbt.split_part) on
-- ';', at most five per indicator (the catalogue's longest has three).
-- The council's looked-after-children teams (seed caseload_team_groups) are
-- needed too, by the caseload indicators: a council with no LAC team listed
-- has no LAC caseload to count, so those read 'needs caseload_team_groups'
-- rather than a maximum caseload of 0 rated green.
with

indicators as (

    select * from {{ ref('indicators') }}

),

councils as (

    select * from {{ ref('int_councils') }}

),

team_groups as (

    select * from {{ ref('caseload_team_groups') }}

),

received as (

    select
        la_code,
        source_table,
        is_received
    from {{ ref('int_sources_received') }}
    union all
    select
        councils.la_code,
        'caseload_team_groups' as source_table,
        exists(
            select 1 from team_groups
            where team_groups.la_code = councils.la_code
        ) as is_received
    from councils

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
