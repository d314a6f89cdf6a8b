-- The DfE OC2 measures at each 31 March, from the 903's OC2 table: of the
-- children looked after continuously for at least 12 months at 31 March
-- (the OC2 cohort: looked after at 31 March, int_children_looked_after_monthly,
-- in a period of care that started at least 12 months before), how many had
-- their annual health assessment, their teeth checked, their immunisations
-- up to date (OC2 items coded 1), and, of those aged 5-16 at 31 March, how
-- many had an SDQ score (the DfE's "SDQ score was received"). A cohort child
-- with no OC2 row counts in the denominator, not the numerator (as a blank
-- item does: rule 191). One row per 31 March whose collection year the 903
-- holds an OC2 table for; other years have no row (the annual mart falls
-- back to the social care health assessments for health and dental).
with

looked_after as (

    select * from {{ ref('int_children_looked_after_monthly') }}

),

outcomes as (

    select * from {{ ref('stg_ssda903__health_outcomes') }}

),

years_with_oc2 as (

    select distinct
        la_code,
        collection_year
    from outcomes

),

cohort as (

    select
        looked_after.la_code,
        looked_after.period_end as year_ending,
        looked_after.child_id,
        looked_after.age_at_period_end
    from looked_after
    where
        extract(month from looked_after.period_end) = 3
        and looked_after.period_start_date <= {{ dbt.dateadd('month', -12, 'looked_after.period_end') }}

),

cohort_outcomes as (

    select
        cohort.la_code,
        cohort.year_ending,
        cohort.child_id,
        cohort.age_at_period_end between 5 and 16 as is_sdq_age,
        coalesce(outcomes.health_assessment_code = '1', false) as had_health_assessment,
        coalesce(outcomes.teeth_check_code = '1', false) as had_teeth_check,
        coalesce(outcomes.immunisations_code = '1', false) as had_immunisations,
        coalesce(outcomes.sdq_score is not null, false) as had_sdq_score
    from cohort
    inner join years_with_oc2
        on
            cohort.la_code = years_with_oc2.la_code
            and extract(year from cohort.year_ending) = years_with_oc2.collection_year
    left join outcomes
        on
            cohort.la_code = outcomes.la_code
            and cohort.child_id = outcomes.child_id
            and extract(year from cohort.year_ending) = outcomes.collection_year

)

select
    la_code,
    year_ending,
    count(*) as cohort_children,
    sum(case when had_health_assessment then 1 else 0 end) as health_assessments,
    sum(case when had_teeth_check then 1 else 0 end) as teeth_checks,
    sum(case when had_immunisations then 1 else 0 end) as immunisations,
    sum(case when is_sdq_age then 1 else 0 end) as sdq_age_children,
    sum(case when is_sdq_age and had_sdq_score then 1 else 0 end) as sdq_scores
from cohort_outcomes
group by la_code, year_ending
