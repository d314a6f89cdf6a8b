-- The month-end care-leaver cohort: one row per care leaver aged 17 to 21 at
-- each month end (int_care_leavers_monthly adds their latest OC3 contact).
-- Care leaver (Children (Leaving Care) Act 2000, as DESIGN.md and the papers
-- define it): looked after for at least 13 weeks (91 days) in total since the
-- 14th birthday, looked after at some time on or after the 16th birthday, and
-- no longer looked after at the month end. Short breaks do not count.
-- Children whose care ended in adoption (E11, E12) or death (E2) are not care
-- leavers. Ages 17-21 are the DfE care-leaver measures' range (the 17-18 and
-- 19-21 cohorts of the SSDA903 OC3 return together).
-- A table of its own, not a CTE of int_care_leavers_monthly: filtered on
-- aggregates and on an age computed from dates, the cohort is some 26,000
-- rows that PostgreSQL's planner estimated at 1 to 500, and it joined the
-- contacts to it by nested loops (up to half an hour). As a table, analysed
-- as it is built (planner_statistics), its size is known.
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

periods as (

    select * from {{ ref('int_periods_of_care') }}
    where birth_date is not null

),

care_before_period_end as (

    select
        spine.la_code,
        spine.period_end,
        periods.child_id,
        periods.birth_date,
        periods.is_uasc,
        periods.period_start_date,
        periods.period_end_date,
        periods.reason_ceased,
        -- days looked after from the 14th birthday to the month end
        greatest(
            0,
            datediff(
                'day',
                greatest(periods.period_start_date, cast(periods.birth_date + interval '14 year' as date)),
                least(coalesce(periods.period_end_date, spine.period_end), spine.period_end)
            )
        ) as days_since_14,
        coalesce(periods.period_end_date, spine.period_end) >= cast(periods.birth_date + interval '16 year' as date)
            as is_looked_after_at_16_plus,
        (periods.period_end_date is null or periods.period_end_date > spine.period_end)
        and periods.birth_date + interval '18 year' > spine.period_end as is_looked_after_at_period_end
    from spine
    inner join periods
        on
            spine.la_code = periods.la_code
            and spine.period_end >= periods.period_start_date

),

eligibility as (

    select
        la_code,
        period_end,
        child_id,
        birth_date,
        bool_or(is_uasc) as is_former_uasc,
        sum(days_since_14) as days_looked_after_since_14,
        bool_or(is_looked_after_at_16_plus) as was_looked_after_at_16_plus,
        bool_or(is_looked_after_at_period_end) as is_looked_after_at_period_end,
        {{ arg_max_null('reason_ceased', 'period_start_date') }} as last_reason_ceased,
        max(coalesce(period_end_date, period_end)) as left_care_date
    from care_before_period_end
    group by la_code, period_end, child_id, birth_date

),

care_leavers as (

    select
        *,
        {{ age_in_years('birth_date', 'period_end') }} as age_at_period_end
    from eligibility
    where
        days_looked_after_since_14 >= 91
        and was_looked_after_at_16_plus
        and not is_looked_after_at_period_end
        and coalesce(last_reason_ceased, '') not in {{ code_list(['adopted_reason_ceased', 'died_reason_ceased']) }}

)

select
    la_code,
    period_end,
    child_id,
    age_at_period_end,
    is_former_uasc,
    left_care_date
from care_leavers
where age_at_period_end between 17 and 21
