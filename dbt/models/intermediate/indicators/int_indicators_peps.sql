-- Personal education plans: with a PEP, and up to date (a PEP this school
-- term), as known tonight. The definition lives in
-- macros/indicators/pep_indicators.sql, shared with the revision history
-- (int_indicator_revisions).
with

indicator_rows as (

    {{ pep_indicators(ref('int_month_spine')) }}

)

select
    la_code,
    indicator_id,
    period_type,
    period_end,
    numerator,
    denominator
from indicator_rows
