-- One row per child and month end with the status int_indicators_health
-- counts (the same macro, health_status_by_child): what the team managers'
-- exception lists read. Child-level: never published.
{{ health_status_by_child(ref('int_month_spine'), ref('stg_social_care__health_assessments')) }}
