-- Siblings placed together are usually visited together, and the case
-- system then needs one visit row per child. A known recording defect
-- writes the joint visit against one child only: the siblings' visits did
-- happen but are not recorded, so their visiting figures fall (the papers'
-- visits in time). Each row of a joint visit carries the sibling group's id
-- (visits.SIBLING_GROUP_ID). A child belongs to the group from their first
-- to their last joint visit with it; a joint visit on a day in that span
-- with no visit row of the child that day is a sibling visit recorded
-- against another child only. A joint visit with one child recorded is
-- short of someone by definition: where no member's span covers it (a
-- sibling's first or last joint visit is the one missing), the members seen
-- jointly within 12 weeks of it, the longest statutory gap between visits,
-- are the ones expected.
-- Two things make a missing row no defect, and the check waits for both
-- (without them it flagged 21 rows on the simulator's clean twin):
-- - a sibling with no social worker allocated that day (between two
--   allocations, or after the last) has no visit recorded by design: the
--   case system records a visit against the child's allocated worker, and an
--   unallocated child is the caseload figures' concern, not this check's;
-- - a row not typed in yet: visits are recorded days or weeks after the
--   visit, each child's row separately, with a long tail, so a joint visit
--   is judged only once 60 working days (12 weeks, the longest statutory
--   gap between visits: by then the child's next visit is due) have passed.
--   At 20 working days (the lag gate's recording timescale) a late row was
--   read as a missing one: on the simulator's clean twin 3.2% of sibling
--   visit rows are typed in more than 28 days after the visit, 0.17% more
--   than 84, and the check warned every night with no defect to find.
-- One row per child and day to correct.
-- Child-level: read by the restricted exception list only, never published.
-- Not added to the visits indicator: the visit most likely happened, but the
-- record must be corrected in the case system before the figure counts it
-- (see docs/data_contract.md and int_indicators_visits).
with

visits as (

    select
        la_code,
        child_id,
        visit_date,
        nullif(trim(sibling_group_id), '') as sibling_group_id
    from {{ ref('stg_social_care__visits') }}

),

allocations as (

    select
        la_code,
        child_id,
        allocation_start_date,
        allocation_end_date
    from {{ ref('stg_social_care__allocations') }}

),

councils as (

    select * from {{ ref('int_councils') }}

),

joint_visits as (

    select
        visits.la_code,
        visits.sibling_group_id,
        visits.visit_date,
        count(distinct visits.child_id) as children_recorded
    from visits
    inner join councils
        on visits.la_code = councils.la_code
    where
        visits.sibling_group_id is not null
        and {{ add_working_days('visits.visit_date', 60) }} <= councils.as_of_date
    group by visits.la_code, visits.sibling_group_id, visits.visit_date

),

members as (

    select
        la_code,
        sibling_group_id,
        child_id,
        min(visit_date) as first_joint_visit_date,
        max(visit_date) as last_joint_visit_date
    from visits
    where sibling_group_id is not null
    group by la_code, sibling_group_id, child_id

),

expected as (

    -- members whose span of joint visits covers the day, and, for a joint
    -- visit recorded against one child only, members seen jointly within
    -- 12 weeks of it (`is_widened`)
    select
        joint_visits.la_code,
        joint_visits.sibling_group_id,
        members.child_id,
        joint_visits.visit_date,
        joint_visits.children_recorded,
        joint_visits.visit_date
        not between members.first_joint_visit_date and members.last_joint_visit_date
            as is_widened
    from joint_visits
    inner join members
        on
            joint_visits.la_code = members.la_code
            and joint_visits.sibling_group_id = members.sibling_group_id
            and (
                joint_visits.visit_date
                between members.first_joint_visit_date and members.last_joint_visit_date
                or (
                    joint_visits.children_recorded = 1
                    and joint_visits.visit_date
                    between members.first_joint_visit_date - interval '84 day'
                    and members.last_joint_visit_date + interval '84 day'
                )
            )

),

unrecorded as (

    select expected.*
    from expected
    where not exists (
            select 1
            from visits
            where
                visits.la_code = expected.la_code
                and visits.child_id = expected.child_id
                and visits.visit_date = expected.visit_date
        )

)

select
    la_code,
    sibling_group_id,
    child_id,
    visit_date,
    children_recorded
from unrecorded
-- the widened span only where the strict one found nobody missing
where
    (
        not is_widened
        or not exists (
            select 1
            from unrecorded as strict
            where
                strict.la_code = unrecorded.la_code
                and strict.sibling_group_id = unrecorded.sibling_group_id
                and strict.visit_date = unrecorded.visit_date
                and not strict.is_widened
        )
    )
    -- after the widening: an unallocated member whose span covers the day
    -- explains the missing row, and nobody further off is then expected
    -- (the end date is the first day no longer allocated, as in
    -- int_lac_caseloads_monthly)
    and exists (
        select 1
        from allocations
        where
            allocations.la_code = unrecorded.la_code
            and allocations.child_id = unrecorded.child_id
            and allocations.allocation_start_date <= unrecorded.visit_date
            and (
                allocations.allocation_end_date is null
                or unrecorded.visit_date < allocations.allocation_end_date
            )
    )
