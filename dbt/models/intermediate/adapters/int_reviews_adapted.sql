-- reviews from either adapter: the social care extract, else the 903
-- (macros/ssda903_records.sql, adapter_union).
{{ config(materialized='view') }}

{{ adapter_union('stg_social_care__reviews', 'stg_ssda903__reviews') }}
