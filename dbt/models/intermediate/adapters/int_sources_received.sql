-- One row per source table an indicator can need (the tokens of the
-- catalogue's `source` column, seeds/indicators.csv), saying whether it has
-- been received as known on the night: its staged rows hold any row, or the
-- ingest logged an accepted extract of it on or before the night (a table
-- sent empty, e.g. a council with no adoptions, is still received). The
-- social care tables the 903 also carries are read through the adapter
-- models (int_*_adapted), so a 903 received counts for them.
{%- set staged_tables = [
    ('social_care', 'header', 'int_children_adapted'),
    ('social_care', 'episodes', 'int_episodes_adapted'),
    ('social_care', 'reviews', 'int_reviews_adapted'),
    ('social_care', 'missing', 'int_missing_episodes_adapted'),
    ('social_care', 'uasc', 'int_uasc_statuses_adapted'),
    ('social_care', 'ad1', 'int_adoption_timelines_adapted'),
    ('social_care', 'placed_for_adoption', 'int_adoption_decisions_adapted'),
    ('social_care', 'oc3', 'int_care_leaver_contacts_adapted'),
    ('social_care', 'visits', 'stg_social_care__visits'),
    ('social_care', 'plans', 'stg_social_care__plans'),
    ('social_care', 'health_assessments', 'stg_social_care__health_assessments'),
    ('social_care', 'child_flags', 'stg_social_care__child_flags'),
    ('social_care', 'workers', 'stg_social_care__workers'),
    ('social_care', 'allocations', 'stg_social_care__allocations'),
    ('social_care', 'legal_statuses', 'stg_social_care__legal_statuses'),
    ('social_care', 'permanence_matches', 'stg_social_care__permanence_matches'),
    ('virtual_school', 'peps', 'stg_virtual_school__peps'),
    ('virtual_school', 'attendance', 'stg_virtual_school__attendance'),
    ('virtual_school', 'exclusions', 'stg_virtual_school__exclusions'),
    ('fostering', 'households', 'stg_fostering__households'),
    ('fostering', 'approvals', 'stg_fostering__approvals'),
    ('fostering', 'deregistrations', 'stg_fostering__deregistrations'),
    ('health', 'assessments', 'stg_health__assessments'),
    ('population', 'population', 'stg_population__populations'),
] %}
with

staged as (

    {% for source_name, table_name, model in staged_tables %}
        select
            '{{ source_name }}' as source_name,
            '{{ table_name }}' as table_name,
            exists (select 1 from {{ ref(model) }}) as has_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

logged as (

    select distinct
        extract_log.source as source_name,
        extract_log.table_name
    from {{ source('pipeline', '_extract_log') }} as extract_log
    where
        extract_log.status = 'accepted'
        and extract_log.extract_date <= {{ as_of_date() }}

)

select
    staged.source_name,
    staged.table_name,
    -- the catalogue names a one-table source by the source alone ("population")
    case
        when staged.source_name = staged.table_name then staged.source_name
        else staged.source_name || ' ' || staged.table_name
    end as source_table,
    staged.has_rows or logged.table_name is not null as is_received
from staged
left join logged
    on
        staged.source_name = logged.source_name
        and staged.table_name = logged.table_name
