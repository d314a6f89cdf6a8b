-- Who holds the looked-after children's caseloads at each month end: one
-- row per worker in post in a looked-after-children team and child
-- allocated to them (child_id null for a worker with no children), with
-- the worker's team group and FTE.
-- LAC teams and their groups come from the seed caseload_team_groups (team
-- ids differ per council; a team not in it, such as leaving care, is not a
-- LAC team). In post at the month end: started on or before it and not left
-- by it. An allocation counts when open at the month end and held by a
-- worker in post (an allocation left open on a worker who has gone is not
-- anyone's caseload). FTE is the contracted FTE as recorded (the papers
-- average on an FTE basis), as an exact decimal: a sum of doubles depends on
-- the order DuckDB's threads add them in, which moved a published average
-- caseload at the 4th decimal between runs on the same data. Six places keep
-- every digit a case system records (hours / 37 is recorded to 4 or 5).
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

team_groups as (

    -- each council's own teams: team ids are only unique within a council
    select * from {{ ref('caseload_team_groups') }}

),

workers as (

    select * from {{ ref('stg_social_care__workers') }}

),

allocations as (

    select * from {{ ref('stg_social_care__allocations') }}

),

workers_in_post as (

    select
        spine.la_code,
        spine.period_end,
        workers.worker_id,
        team_groups.team_group,
        {{ try_cast_to('workers.fte', 'decimal(18, 6)') }} as fte
    from spine
    inner join workers
        on
            spine.la_code = workers.la_code
            and spine.period_end >= workers.worker_start_date
            and (workers.worker_end_date is null or spine.period_end < workers.worker_end_date)
    inner join team_groups
        on
            workers.la_code = team_groups.la_code
            and workers.team_id = team_groups.team_id

)

select distinct
    workers_in_post.la_code,
    workers_in_post.period_end,
    workers_in_post.worker_id,
    workers_in_post.team_group,
    workers_in_post.fte,
    allocations.child_id
from workers_in_post
left join allocations
    on
        workers_in_post.la_code = allocations.la_code
        and workers_in_post.worker_id = allocations.worker_id
        and workers_in_post.period_end >= allocations.allocation_start_date
        and (allocations.allocation_end_date is null or workers_in_post.period_end < allocations.allocation_end_date)
