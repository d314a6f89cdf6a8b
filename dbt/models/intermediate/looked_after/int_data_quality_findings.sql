-- Every repair and quarantine behind tonight's figures, one row per record
-- and rule, with the child it concerns: the dbt side's sequence repairs and
-- quarantines (int_episodes_checked), the periods held open after a
-- dropped episode (int_periods_of_care), the gaps left by one
-- (int_episodes_sequenced) and the ingest gates' findings
-- (stg_pipeline__quarantine: field_nulled or row_dropped).
-- Child-level: it stays in the working database. Published only as counts
-- (marts.data_quality) and as the count of children behind each figure
-- (marts.indicator_values.children_affected_by_defects).
with

episodes as (

    select * from {{ ref('int_episodes_checked') }}

),

periods as (

    select * from {{ ref('int_periods_of_care') }}

),

sequenced as (

    select * from {{ ref('int_episodes_sequenced') }}

),

ingest as (

    select * from {{ ref('stg_pipeline__quarantine') }}

),

findings as (

    select
        la_code,
        'social_care' as source,
        'episodes' as table_name,
        repair_rule as rule,
        'repaired' as action,
        child_id
    from episodes
    where repair_rule is not null
    union all
    select
        la_code,
        'social_care' as source,
        'episodes' as table_name,
        quarantine_rule as rule,
        'quarantined_sequence' as action,
        child_id
    from episodes
    where quarantine_rule is not null
    union all
    select
        la_code,
        'social_care' as source,
        'episodes' as table_name,
        'chain_held_open_after_x1' as rule,
        'repaired' as action,
        child_id
    from periods
    where is_held_open
    union all
    select
        la_code,
        'social_care' as source,
        'episodes' as table_name,
        'x1_chain_gap_bridged' as rule,
        'repaired' as action,
        child_id
    from sequenced
    where is_after_gap
    union all
    select
        la_code,
        source,
        table_name,
        rule || ':' || column_name as rule,
        action,
        child_id
    from ingest

)

select
    la_code,
    cast(source as varchar) as source,
    cast(table_name as varchar) as table_name,
    cast(rule as varchar) as rule,
    cast(action as varchar) as action,
    cast(child_id as varchar) as child_id
from findings
