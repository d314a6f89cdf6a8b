-- A joint visit to siblings placed together must be recorded against each
-- child visited. One row per sibling visit recorded against another child
-- only (int_sibling_visits_unrecorded), with no child identifier: the row
-- count is the number of visit records to add. A warning: the figures still
-- build, but those children's visits are missing from the visits indicators.
{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'int_sibling_visits_unrecorded'}}}) }}

select
    la_code,
    visit_date
from {{ ref('int_sibling_visits_unrecorded') }}
