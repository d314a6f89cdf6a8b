-- Every completed health or dental assessment known to either system, matched
-- across them: one row per assessment, saying whether it is on the health
-- team's register, in the case system, or both.
--
-- Child ids: the health team's register carries the case system's child id
-- (contract: health.assessments.child_id = social care CHILD), so the two map
-- one to one; ids are compared trimmed and upper-cased because the register is
-- a spreadsheet typed by hand, where stray spaces and case are common.
-- Only COMPLETED assessments are on the register side: a declined or missed
-- (DNA) appointment is not an assessment for the case system to record.
-- Assessments dated after the as-of night (a typing error) are left out.
--
-- Matching rule: same child, same assessment type, and assessment dates at
-- most 14 days apart, paired one to one (each side's nearest date, kept when
-- both sides choose each other). Why 14 days: a social worker often types
-- the date the health team's report or letter reached them rather than the
-- appointment day, and those letters go out within about two weeks. A wider
-- window cannot pair the wrong assessments either: two completed assessments
-- of one type for one child are months apart (reviews at least about 4.5
-- months, dental checks about a year, one initial assessment per period of
-- care of at least 28 days).
with

councils as (

    select * from {{ ref('int_councils') }}

),

register as (

    select
        assessments.la_code,
        assessments.assessment_type,
        assessments.assessment_date,
        upper(trim(assessments.child_id)) as child_id,
        min(assessments.recorded_at) as recorded_at
    from {{ ref('stg_health__assessments') }} as assessments
    inner join councils
        on assessments.la_code = councils.la_code
    where assessments.outcome_code = 'COMPLETED' and assessments.assessment_date <= councils.as_of_date
    group by
        assessments.la_code, upper(trim(assessments.child_id)), assessments.assessment_type,
        assessments.assessment_date

),

case_system as (

    -- a record typed twice counts once, from its first entry
    select
        assessments.la_code,
        assessments.assessment_type,
        assessments.assessment_date,
        upper(trim(assessments.child_id)) as child_id,
        min(assessments.recorded_at) as recorded_at
    from {{ ref('stg_social_care__health_assessments') }} as assessments
    inner join councils
        on assessments.la_code = councils.la_code
    where assessments.assessment_date <= councils.as_of_date
    group by
        assessments.la_code, upper(trim(assessments.child_id)), assessments.assessment_type,
        assessments.assessment_date

),

candidate_pairs as (

    select
        register.la_code,
        register.child_id,
        register.assessment_type,
        register.assessment_date as register_assessment_date,
        case_system.assessment_date as case_system_assessment_date,
        row_number() over (
            partition by register.la_code, register.child_id, register.assessment_type, register.assessment_date
            order by
                abs(datediff('day', register.assessment_date, case_system.assessment_date)),
                case_system.assessment_date
        ) as register_choice,
        row_number() over (
            partition by
                case_system.la_code, case_system.child_id, case_system.assessment_type,
                case_system.assessment_date
            order by
                abs(datediff('day', register.assessment_date, case_system.assessment_date)),
                register.assessment_date
        ) as case_system_choice
    from register
    inner join case_system
        on
            register.la_code = case_system.la_code
            and register.child_id = case_system.child_id
            and register.assessment_type = case_system.assessment_type
            and abs(datediff('day', register.assessment_date, case_system.assessment_date)) <= 14

),

pairs as (

    select
        la_code,
        child_id,
        assessment_type,
        register_assessment_date,
        case_system_assessment_date
    from candidate_pairs
    where register_choice = 1 and case_system_choice = 1

),

reconciled as (

    select
        register.assessment_date as register_assessment_date,
        case_system.assessment_date as case_system_assessment_date,
        register.recorded_at as register_recorded_at,
        case_system.recorded_at as case_system_recorded_at,
        coalesce(register.la_code, case_system.la_code) as la_code,
        coalesce(register.child_id, case_system.child_id) as child_id,
        coalesce(register.assessment_type, case_system.assessment_type) as assessment_type
    from register
    left join pairs
        on
            register.la_code = pairs.la_code
            and register.child_id = pairs.child_id
            and register.assessment_type = pairs.assessment_type
            and register.assessment_date = pairs.register_assessment_date
    full outer join case_system
        on
            pairs.la_code = case_system.la_code
            and pairs.child_id = case_system.child_id
            and pairs.assessment_type = case_system.assessment_type
            and pairs.case_system_assessment_date = case_system.assessment_date

)

select
    la_code,
    child_id,
    assessment_type,
    register_assessment_date,
    case_system_assessment_date,
    register_recorded_at,
    case_system_recorded_at,
    -- the register's date where it has one: the health team saw the child
    coalesce(register_assessment_date, case_system_assessment_date) as assessment_date,
    register_assessment_date is not null as is_on_register,
    case_system_assessment_date is not null as is_in_case_system
from reconciled
