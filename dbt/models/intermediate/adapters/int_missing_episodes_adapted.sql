-- missing episodes from either adapter: the social care extract, else the 903
-- (macros/ssda903_records.sql, adapter_union).
{{ config(materialized='view') }}

{{ adapter_union('stg_social_care__missing_episodes', 'stg_ssda903__missing_episodes') }}
