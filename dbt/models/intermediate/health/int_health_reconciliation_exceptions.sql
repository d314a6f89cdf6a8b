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

councils as (

    select * from {{ ref('int_councils') }}

),

reconciled as (

    select * from {{ ref('int_health_assessments_reconciled') }}
    where not (is_on_register and is_in_case_system)

),

outstanding as (

    select
        reconciled.la_code,
        reconciled.child_id,
        reconciled.assessment_type,
        reconciled.assessment_date,
        councils.as_of_date,
        case
            when reconciled.is_on_register then 'on_register_not_in_case_system'
            else 'in_case_system_not_on_register'
        end as exception_type,
        {{ weekday_number('councils.as_of_date') }} - {{ weekday_number('reconciled.assessment_date') }}
            as working_days_outstanding
    from reconciled
    inner join councils
        on reconciled.la_code = councils.la_code

),

allocations as (

    select
        allocations.la_code,
        allocations.worker_id,
        allocations.allocation_start_date,
        allocations.allocation_end_date,
        upper(trim(allocations.child_id)) as child_id,
        allocations.allocation_end_date is null
        or allocations.allocation_end_date >= councils.as_of_date as is_allocation_current
    from {{ ref('stg_social_care__allocations') }} as allocations
    inner join councils
        on allocations.la_code = councils.la_code
    where allocations.allocation_start_date <= councils.as_of_date

),

allocation_now as (

    -- the current allocation; failing that, the most recent one
    select {{ distinct_on('la_code, child_id') }} *
    from allocations
    {{ first_per_partition(
        'la_code, child_id', 'is_allocation_current desc, allocation_start_date desc, worker_id asc'
    ) }}

),

workers as (

    select * from {{ ref('stg_social_care__workers') }}

)

select
    outstanding.la_code,
    outstanding.as_of_date,
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
    on
        outstanding.la_code = allocation_now.la_code
        and outstanding.child_id = allocation_now.child_id
left join workers
    on
        allocation_now.la_code = workers.la_code
        and allocation_now.worker_id = workers.worker_id
where outstanding.working_days_outstanding > 20
