-- One row per child and month end with the status int_indicators_visits
-- counts (the same macro, visit_status_by_child): what the team managers'
-- exception lists read. Child-level: never published.
{{ visit_status_by_child(ref('int_month_spine')) }}
