-- Looked-after reviews held within timescale, as known tonight. The
-- definition lives in macros/indicators/review_indicators.sql, shared with
-- the revision history (int_indicator_revisions).
with

indicator_rows as (

    {{ review_indicators(ref('int_reporting_windows')) }}

)

select
    la_code,
    indicator_id,
    period_type,
    period_end,
    numerator,
    denominator
from indicator_rows
