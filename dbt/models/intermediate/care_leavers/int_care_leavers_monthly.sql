-- The month-end care-leaver cohort: one row per care leaver aged 17 to 21 at
-- each month end, with their latest OC3 contact on or before it.
-- Care leaver (Children (Leaving Care) Act 2000, as DESIGN.md and the papers
-- define it): looked after for at least 13 weeks (91 days) in total since the
-- 14th birthday, looked after at some time on or after the 16th birthday, and
-- no longer looked after at the month end. Short breaks do not count.
-- Children whose care ended in adoption (E11, E12) or death (E2) are not care
-- leavers. Ages 17-21 are the DfE care-leaver measures' range (the 17-18 and
-- 19-21 cohorts of the SSDA903 OC3 return together).
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

periods as (

    select * from {{ ref('int_periods_of_care') }}
    where birth_date is not null

),

contacts as (

    select * from {{ ref('int_care_leaver_contacts_adapted') }}

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

),

latest_contact as (

    select
        care_leavers.la_code,
        care_leavers.period_end,
        care_leavers.child_id,
        {{ arg_max('contacts.contact_date', 'contacts.contact_date') }} as contact_date,
        {{ arg_max('contacts.in_touch_code', 'contacts.contact_date') }} as in_touch_code,
        {{ arg_max('contacts.activity_code', 'contacts.contact_date') }} as activity_code,
        {{ arg_max('contacts.accommodation_code', 'contacts.contact_date') }} as accommodation_code
    from care_leavers
    inner join contacts
        on
            care_leavers.la_code = contacts.la_code
            and care_leavers.child_id = contacts.child_id
            and care_leavers.period_end >= contacts.contact_date
    group by care_leavers.la_code, care_leavers.period_end, care_leavers.child_id

)

select
    care_leavers.la_code,
    care_leavers.period_end,
    care_leavers.child_id,
    care_leavers.age_at_period_end,
    care_leavers.is_former_uasc,
    care_leavers.left_care_date,
    latest_contact.contact_date as latest_contact_date,
    latest_contact.in_touch_code,
    latest_contact.activity_code,
    latest_contact.accommodation_code,
    coalesce(latest_contact.in_touch_code = 'YES', false) as is_in_touch,
    coalesce(latest_contact.activity_code in {{ code_list('eet_activity') }}, false)
        as is_in_education_employment_training,
    coalesce(
        right(latest_contact.accommodation_code, 1) in {{ code_list('suitable_accommodation_suffix') }}, false
    ) as is_in_suitable_accommodation
from care_leavers
left join latest_contact
    on
        care_leavers.la_code = latest_contact.la_code
        and care_leavers.period_end = latest_contact.period_end
        and care_leavers.child_id = latest_contact.child_id
where care_leavers.age_at_period_end between 17 and 21
