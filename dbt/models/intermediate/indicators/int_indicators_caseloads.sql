-- Social work caseloads in the looked-after-children teams at each month
-- end (int_lac_caseloads_monthly).
-- Average caseload: children allocated to a worker in post in the team
-- group (each child once) divided by the total FTE of the group's workers
-- in post; a group with nobody in post has no FTE, so its average is null,
-- not zero. The FTE total is an exact decimal sum (int_lac_caseloads_monthly),
-- the same whatever order the rows are added in. Groups: all LAC teams,
-- 'long_term' (the papers' Teams 1-3), 'court_and_permanence' (Teams 4-5).
-- Maximum caseload: the most children allocated to any one worker in post
-- in a LAC team (a part-time worker's caseload is not scaled up); 0 when
-- nobody is in post.
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

caseloads as (

    select * from {{ ref('int_lac_caseloads_monthly') }}

),

groups as (

    -- null team group = every LAC team
    select
        'lac_sw_avg_caseload_all' as indicator_id,
        cast(null as varchar) as team_group
    union all
    select
        'lac_sw_avg_caseload_teams_1_3' as indicator_id,
        'long_term' as team_group
    union all
    select
        'lac_sw_avg_caseload_teams_4_5' as indicator_id,
        'court_and_permanence' as team_group

),

workers as (

    select
        la_code,
        period_end,
        worker_id,
        team_group,
        any_value(fte) as fte,
        count(child_id) as children_allocated
    from caseloads
    group by la_code, period_end, worker_id, team_group

),

group_totals as (

    select
        spine.la_code,
        spine.period_end,
        groups.indicator_id,
        (
            select count(distinct caseloads.child_id) from caseloads
            where
                caseloads.la_code = spine.la_code
                and caseloads.period_end = spine.period_end
                and caseloads.team_group = coalesce(groups.team_group, caseloads.team_group)
        ) as children_allocated,
        (
            select sum(workers.fte) from workers
            where
                workers.la_code = spine.la_code
                and workers.period_end = spine.period_end
                and workers.team_group = coalesce(groups.team_group, workers.team_group)
        ) as total_fte
    from spine
    cross join groups

),

maximum as (

    select
        spine.la_code,
        spine.period_end,
        -- nobody in post: nobody holds a case (numerators are never null)
        coalesce(max(workers.children_allocated), 0) as max_caseload
    from spine
    left join workers
        on
            spine.la_code = workers.la_code
            and spine.period_end = workers.period_end
    group by spine.la_code, spine.period_end

)

select
    la_code,
    indicator_id,
    'month' as period_type,
    period_end,
    children_allocated as numerator,
    total_fte as denominator
from group_totals
union all
{{ indicator_rows('maximum', {'lac_sw_max_caseload': 'max_caseload'}, period_type='month') }}
