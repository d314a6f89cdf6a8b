-- Initial health assessments within 20 working days of entering care, as
-- known tonight. The definition lives in
-- macros/indicators/initial_health_assessment_indicators.sql, shared with
-- the revision history (int_indicator_revisions).
with

indicator_rows as (

    {{ initial_health_assessment_indicators(ref('int_reporting_windows')) }}

)

select
    la_code,
    indicator_id,
    period_type,
    period_end,
    numerator,
    denominator
from indicator_rows
