-- Eligible looked-after young people and care leavers with a pathway plan
-- (2017/2019 ref 7.2).
-- Eligible child (Children (Leaving Care) Act 2000, the statutory test the
-- papers' "eligible LAC" rests on): looked after at the month end
-- (int_children_looked_after_monthly), aged 16 or over, and looked after for
-- at least 13 weeks (91 days) in total since the 14th birthday, counted to
-- the month end over every period of care (short breaks excluded), the same
-- 13-week count as int_care_leavers_monthly. The papers' pathway plan
-- "starts at 16 years 3 months": the statutory age 16 is used, so 16 year
-- olds still on a care plan count as without one, as the 2019 paper
-- explains its gaps.
-- Care leavers: the cohort of int_care_leavers_monthly (aged 17-21).
-- With a pathway plan: any PATHWAY_PLAN on or before the month end (how old
-- it is, is care_leavers_up_to_date_pathway_plan_pct).
with

{{ pathway_plan_status_by_child_ctes() }},

totals as (

    select
        spine.la_code,
        spine.period_end,
        count(child_status.child_id) as eligible_young_people,
        count(child_status.child_id) filter (where child_status.has_pathway_plan) as with_pathway_plan
    from spine
    left join child_status
        on
            spine.la_code = child_status.la_code
            and spine.period_end = child_status.period_end
    group by spine.la_code, spine.period_end

)

{{ indicator_rows('totals', {
    'care_leavers_pathway_plan_pct': ['with_pathway_plan', 'eligible_young_people'],
}, period_type='month') }}
