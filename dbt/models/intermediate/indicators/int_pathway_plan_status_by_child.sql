-- One row per child and month end with the status int_indicators_pathway_plans
-- counts (same CTEs, macro pathway_plan_status_by_child_ctes): what the team managers'
-- exception lists read. Child-level: never published.
with

{{ pathway_plan_status_by_child_ctes() }}

select * from child_status
