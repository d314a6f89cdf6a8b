-- Statutory visits up to date at the month end, to both standards the papers
-- report, from one pass over the month-end cohort and its visits. Only
-- visits since the current placement started count; temporary placements
-- (T0-T4) do not restart the clock (see int_episodes_sequenced). Up to date
-- = the next visit is not yet overdue at the month end.
--
-- National minimum standard (4.6 / 6.21 / 6.15): within 1 week of the start
-- of a placement, then at least every 6 weeks in the placement's first
-- year, then at least every 12 weeks: the next visit is due 7 days after
-- the placement started if there has been none, else 42 days after the last
-- visit if that visit was in the placement's first year, else 84 days.
--
-- Local standard (2017 ref 6.16): within the first week, then every four
-- weeks (28 days) until the child has been permanently matched to the
-- placement, after which the national minimum standard applies.
-- Permanently matched = a long-term fostering match for the current
-- placement's URN dated on or after the placement started and on or before
-- the month end (a match to an earlier placement does not count), or
-- placed for adoption (A3-A6).
with

{{ visit_status_by_child_ctes() }},

totals as (

    select
        spine.la_code,
        spine.period_end,
        count(visit_status.child_id) as looked_after,
        count(visit_status.child_id) filter (where visit_status.nms_due_date >= spine.period_end)
            as up_to_date_nms,
        count(visit_status.child_id) filter (where visit_status.local_due_date >= spine.period_end)
            as up_to_date_local
    from spine
    left join visit_status
        on spine.period_end = visit_status.period_end
    group by spine.la_code, spine.period_end

)

select
    la_code,
    'lac_visits_nms_pct' as indicator_id,
    'month' as period_type,
    period_end,
    up_to_date_nms as numerator,
    looked_after as denominator
from totals
union all
select
    la_code,
    'lac_visits_rotherham_standard_pct' as indicator_id,
    'month' as period_type,
    period_end,
    up_to_date_local as numerator,
    looked_after as denominator
from totals
