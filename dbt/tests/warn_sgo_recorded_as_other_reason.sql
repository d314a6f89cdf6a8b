-- A period of care ended by a special guardianship or child arrangements
-- order must cease with E41 or E43-E48; the legal-status record says which
-- periods were (int_periods_reason_ceased_contradicted). One row per period
-- whose reason ceased contradicts an order granted during it, with no child
-- identifier: the row count is the number of periods to correct. A
-- warning: the figures still build, but the ceased-by-SGO/CAO counts miss
-- these children.
{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'int_periods_reason_ceased_contradicted'}}}) }}

select
    la_code,
    reason_ceased
from {{ ref('int_periods_reason_ceased_contradicted') }}
