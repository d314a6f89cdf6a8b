-- One row per child and month end with the status int_indicators_peps
-- counts (the same macro, pep_status_by_child): what the team managers'
-- exception lists read. Child-level: never published.
{{ pep_status_by_child(ref('int_month_spine')) }}
