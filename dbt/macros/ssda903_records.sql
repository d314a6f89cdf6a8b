{% macro ssda903_latest_records(relation, natural_key) -%}
    {#- The 903 rows as known on the as-of night (latest_extract: the newest
        903 extract on or before it), one row per record: a cumulative return
        repeats each earlier year's records, and the latest collection year
        wins, as dagster_project/ssda903/current_view.latest_records does in
        Python (a later return corrects an earlier one). -#}
    select ranked_rows.*
    from (
        select
            extract_rows.*,
            row_number() over (
                partition by {% for column in natural_key %}extract_rows."{{ column }}"{{ ", " if not loop.last }}{% endfor %}
                order by extract_rows."COLLECTION_YEAR" desc
            ) as record_rank
        from (
            {{ latest_extract(relation) }}
        ) as extract_rows
    ) as ranked_rows
    where ranked_rows.record_rank = 1
{%- endmacro %}

{% macro ssda903_sex_code(column) -%}
    {#- The contract's SEX codes (1 male, 2 female): the 903 used them until
        2023/24 and reports M/F/U from 2024/25 (contract/ssda903_codes.yaml);
        U (unknown) has no contract code, so it becomes null. -#}
    case
        when {{ column }} in ('1', 'M') then '1'
        when {{ column }} in ('2', 'F') then '2'
    end
{%- endmacro %}

{% macro adapter_union(social_care_model, ssda903_model) -%}
    {#- One staged table for the intermediate models, from either adapter:
        the social care extract's rows when it holds any for this table as
        known on the night, otherwise the 903's. Decided per table, so a
        council sending the 903 plus some operational social care tables
        (visits, plans) gets each from where it is; a council sending the
        full social care extract never reads the 903 (its figures are as
        before). Both staged models carry the same columns in the same order. -#}
    with

    social_care as (

        select * from {{ ref(social_care_model) }}

    ),

    ssda903 as (

        select * from {{ ref(ssda903_model) }}

    )

    select * from social_care
    union all
    select * from ssda903
    where not exists (select 1 from social_care)
{%- endmacro %}
