-- The child-level exception list for team managers (RESTRICTED: never
-- published; written nightly to the owner-only folder by
-- dagster_project/assets/restricted_assets.py). One row per assessment that
-- is on the health team's register but not in the case system, or in the
-- case system but not on the register, more than 20 working days after it
-- took place.
-- Why 20 working days: the statutory timescale for an initial health
-- assessment and about one monthly reporting cycle; an assessment not in
-- both systems by then misses the month-end figure that should count it
-- (the same due date as the recording-lag gate). Working days are
-- Monday-Friday (macros/reporting_vars.sql).
-- Columns carry the source system's child id, never a name or date of
-- birth, and the worker and team the child is allocated to on the as-of
-- night (or, for a child no longer allocated, the last allocation), so the
-- manager knows who should correct the record.
with

reconciled as (

    select * from {{ ref('int_health_assessments_reconciled') }}
    where not (is_on_register and is_in_case_system)

),

outstanding as (

    select
        la_code,
        child_id,
        assessment_type,
        assessment_date,
        case
            when is_on_register then 'on_register_not_in_case_system'
            else 'in_case_system_not_on_register'
        end as exception_type,
        {{ weekday_number(as_of_date()) }} - {{ weekday_number('assessment_date') }}
            as working_days_outstanding
    from reconciled

),

allocations as (

    select
        upper(trim(child_id)) as child_id,
        worker_id,
        allocation_start_date,
        allocation_end_date,
        allocation_end_date is null or allocation_end_date >= {{ as_of_date() }} as is_allocation_current
    from {{ ref('stg_social_care__allocations') }}
    where allocation_start_date <= {{ as_of_date() }}

),

allocation_now as (

    -- the current allocation; failing that, the most recent one
    select {{ distinct_on('child_id') }} *
    from allocations
    {{ first_per_partition('child_id', 'is_allocation_current desc, allocation_start_date desc, worker_id asc') }}

),

workers as (

    select * from {{ ref('stg_social_care__workers') }}

)

select
    outstanding.la_code,
    {{ as_of_date() }} as as_of_date,
    outstanding.exception_type,
    outstanding.child_id as source_child_id,
    outstanding.assessment_type,
    outstanding.assessment_date,
    outstanding.working_days_outstanding,
    workers.team_id,
    workers.team_name,
    allocation_now.worker_id,
    coalesce(allocation_now.is_allocation_current, false) as is_allocation_current
from outstanding
left join allocation_now
    on outstanding.child_id = allocation_now.child_id
left join workers
    on allocation_now.worker_id = workers.worker_id
where outstanding.working_days_outstanding > 20
