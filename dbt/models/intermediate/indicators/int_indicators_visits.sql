-- Statutory visits up to date at the month end, to the national minimum and
-- the local standard, as known tonight. The definition lives in
-- macros/indicators/visit_indicators.sql, shared with the revision history
-- (int_indicator_revisions).
with

indicator_rows as (

    {{ visit_indicators(ref('int_month_spine')) }}

)

select
    la_code,
    indicator_id,
    period_type,
    period_end,
    numerator,
    denominator
from indicator_rows
