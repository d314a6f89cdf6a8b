-- The case system's up-to-date figures in health_reconciliation must be the
-- published indicators' own numerators and denominators: the reconciliation
-- recomputes each rule once per system (int_health_up_to_date_by_system),
-- and this keeps its case-system half from drifting from the indicators.
-- Rows returned are months where they differ (no child identifier). An
-- indicator awaiting a source it was never sent has no figures to match.
select
    reconciliation.period_end,
    reconciliation.assessment_type,
    reconciliation.case_system_up_to_date,
    reconciliation.up_to_date_denominator,
    indicator.numerator,
    indicator.denominator
from {{ ref('health_reconciliation') }} as reconciliation
inner join {{ ref('indicator_values') }} as indicator
    on
        reconciliation.la_code = indicator.la_code
        and reconciliation.up_to_date_indicator_id = indicator.indicator_id
        and reconciliation.period_end = indicator.period_end
        and reconciliation.as_of_date = indicator.as_of_date
        and indicator.period_type = 'month'
        and indicator.source_status = 'computed'
where
    reconciliation.case_system_up_to_date is distinct from indicator.numerator
    or reconciliation.up_to_date_denominator is distinct from indicator.denominator
