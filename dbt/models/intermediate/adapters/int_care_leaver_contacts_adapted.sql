-- care leaver contacts from either adapter: the social care extract, else the 903
-- (macros/ssda903_records.sql, adapter_union).
{{ config(materialized='view') }}

{{ adapter_union('stg_social_care__care_leaver_contacts', 'stg_ssda903__care_leaver_contacts') }}
