-- adoption decisions from either adapter: the social care extract, else the 903
-- (macros/ssda903_records.sql, adapter_union).
{{ config(materialized='view') }}

{{ adapter_union('stg_social_care__adoption_decisions', 'stg_ssda903__adoption_decisions') }}
