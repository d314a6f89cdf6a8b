-- Health and dental assessments up to date at each month end, as known
-- tonight. The definition lives in macros/indicators/health_assessment_indicators.sql,
-- shared with the revision history (int_indicator_revisions).
with

indicator_rows as (

    {{ health_assessment_indicators(ref('int_month_spine')) }}

)

select
    la_code,
    indicator_id,
    period_type,
    period_end,
    numerator,
    denominator
from indicator_rows
