-- Personal education plans: with a PEP, and up to date on the Virtual
-- School's local standard (a PEP refreshed every school term). Cohort: children looked
-- after at the month end of school age, Reception to Year 11 (aged 4 to 15
-- on the 31 August before the academic year; int_school_age_looked_after_monthly).
-- With a PEP = any PEP meeting during the current period of care on or
-- before the month end (the papers' "% of LAC with a PEP").
-- Up to date = a PEP meeting in the current term on or before the month
-- end. Terms by calendar: autumn September-December, spring January-March,
-- summer April-August.
-- Monthly rows are the "contemporaneous" figure (low early in a term); the
-- 'term' rows at the end of December, March and July are the end-of-term
-- figure the 2019 paper reports ("Report Termly - End Jul, Dec, Mar").
with

{{ pep_status_by_child_ctes() }},

totals as (

    select
        spine.la_code,
        spine.period_end,
        count(child_status.child_id) as school_age_looked_after,
        count(child_status.child_id) filter (where child_status.has_pep) as with_pep,
        count(child_status.child_id) filter (where child_status.has_pep_this_term) as pep_up_to_date
    from spine
    left join child_status
        on spine.period_end = child_status.period_end
    group by spine.la_code, spine.period_end

)

select
    la_code,
    'lac_up_to_date_pep_pct' as indicator_id,
    'month' as period_type,
    period_end,
    pep_up_to_date as numerator,
    school_age_looked_after as denominator
from totals
union all
select
    la_code,
    'lac_up_to_date_pep_pct' as indicator_id,
    'term' as period_type,
    period_end,
    pep_up_to_date as numerator,
    school_age_looked_after as denominator
from totals
where month(period_end) in (3, 7, 12)
union all
select
    la_code,
    'lac_with_pep_pct' as indicator_id,
    'month' as period_type,
    period_end,
    with_pep as numerator,
    school_age_looked_after as denominator
from totals
