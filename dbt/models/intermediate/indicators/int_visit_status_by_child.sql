-- One row per child and month end with the status int_indicators_visits
-- counts (same CTEs, macro visit_status_by_child_ctes): what the team managers'
-- exception lists read. Child-level: never published.
with

{{ visit_status_by_child_ctes() }}

select * from visit_status
