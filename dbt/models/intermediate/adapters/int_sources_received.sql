-- One row per source table an indicator can need (the tokens of the
-- catalogue's `source` column, seeds/indicators.csv), saying whether it has
-- been received as known on the night: its staged rows hold any row, or the
-- ingest logged an accepted extract of it on or before the night (a table
-- sent empty, e.g. a council with no adoptions, is still received). The
-- social care tables the 903 also carries count as received whenever a 903
-- was received: a return carries each of them, and one it leaves out (no
-- missing.csv, no ad1.csv) has no record, as the DfE reads a return.
{%- set staged_tables = [
    ('social_care', 'header', 'int_children_adapted', true),
    ('social_care', 'episodes', 'int_episodes_adapted', true),
    ('social_care', 'reviews', 'int_reviews_adapted', true),
    ('social_care', 'missing', 'int_missing_episodes_adapted', true),
    ('social_care', 'uasc', 'int_uasc_statuses_adapted', true),
    ('social_care', 'ad1', 'int_adoption_timelines_adapted', true),
    ('social_care', 'placed_for_adoption', 'int_adoption_decisions_adapted', true),
    ('social_care', 'oc3', 'int_care_leaver_contacts_adapted', true),
    ('social_care', 'visits', 'stg_social_care__visits', false),
    ('social_care', 'plans', 'stg_social_care__plans', false),
    ('social_care', 'health_assessments', 'stg_social_care__health_assessments', false),
    ('social_care', 'child_flags', 'stg_social_care__child_flags', false),
    ('social_care', 'workers', 'stg_social_care__workers', false),
    ('social_care', 'allocations', 'stg_social_care__allocations', false),
    ('social_care', 'legal_statuses', 'stg_social_care__legal_statuses', false),
    ('social_care', 'permanence_matches', 'stg_social_care__permanence_matches', false),
    ('virtual_school', 'peps', 'stg_virtual_school__peps', false),
    ('virtual_school', 'attendance', 'stg_virtual_school__attendance', false),
    ('virtual_school', 'exclusions', 'stg_virtual_school__exclusions', false),
    ('fostering', 'households', 'stg_fostering__households', false),
    ('fostering', 'approvals', 'stg_fostering__approvals', false),
    ('fostering', 'deregistrations', 'stg_fostering__deregistrations', false),
    ('health', 'assessments', 'stg_health__assessments', false),
    ('population', 'population', 'stg_population__populations', false),
] %}
with

councils as (

    select * from {{ ref('int_councils') }}

),

source_tables as (

    {% for source_name, table_name, model, in_ssda903 in staged_tables %}
        select
            '{{ source_name }}' as source_name,
            '{{ table_name }}' as table_name,
            {{ in_ssda903 }} as is_in_ssda903
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

staged as (

    {#- the councils whose staged rows hold any row of the table -#}
    {% for source_name, table_name, model, in_ssda903 in staged_tables %}
        select distinct
            staged_rows.la_code,
            '{{ source_name }}' as source_name,
            '{{ table_name }}' as table_name
        from {{ ref(model) }} as staged_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

logged as (

    select distinct
        extract_log._la_code as la_code,
        extract_log.source as source_name,
        extract_log.table_name
    from {{ source('pipeline', '_extract_log') }} as extract_log
    inner join councils
        on extract_log._la_code = councils.la_code
    where
        extract_log.status = 'accepted'
        and extract_log.extract_date <= councils.as_of_date

),

ssda903_received as (

    select children.la_code
    from {{ ref('stg_ssda903__children') }} as children
    union
    select logged.la_code
    from logged
    where logged.source_name = 'ssda903'

)

select
    councils.la_code,
    source_tables.source_name,
    source_tables.table_name,
    -- the catalogue names a one-table source by the source alone ("population")
    case
        when source_tables.source_name = source_tables.table_name then source_tables.source_name
        else source_tables.source_name || ' ' || source_tables.table_name
    end as source_table,
    staged.la_code is not null
    or logged.la_code is not null
    or (source_tables.is_in_ssda903 and ssda903_received.la_code is not null) as is_received
from councils
cross join source_tables
left join staged
    on
        councils.la_code = staged.la_code
        and source_tables.source_name = staged.source_name
        and source_tables.table_name = staged.table_name
left join logged
    on
        councils.la_code = logged.la_code
        and source_tables.source_name = logged.source_name
        and source_tables.table_name = logged.table_name
left join ssda903_received
    on councils.la_code = ssda903_received.la_code
