-- One row per child and month end with the status int_indicators_health
-- counts (same CTEs, macro health_status_by_child_ctes): what the team managers'
-- exception lists read. Child-level: never published.
with

{{ health_status_by_child_ctes() }}

select * from child_status
