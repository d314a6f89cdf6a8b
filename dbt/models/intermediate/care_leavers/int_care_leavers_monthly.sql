-- The month-end care-leaver cohort (int_care_leaver_cohort_monthly: care
-- leavers aged 17 to 21 at each month end) with each one's latest OC3 contact
-- on or before the month end, if any, and what it says: in touch, in
-- education, employment or training, in suitable accommodation.
-- One left join and one group by, not the contacts grouped and joined back:
-- PostgreSQL, underestimating both sides, joined such a result back with a
-- nested loop that re-aggregated the contacts for every care leaver month.
with

cohort as (

    select * from {{ ref('int_care_leaver_cohort_monthly') }}

),

contacts as (

    select * from {{ ref('int_care_leaver_contacts_adapted') }}

),

latest_contact as (

    select
        cohort.la_code,
        cohort.period_end,
        cohort.child_id,
        cohort.age_at_period_end,
        cohort.is_former_uasc,
        cohort.left_care_date,
        {{ arg_max('contacts.contact_date', 'contacts.contact_date') }} as contact_date,
        {{ arg_max('contacts.in_touch_code', 'contacts.contact_date') }} as in_touch_code,
        {{ arg_max('contacts.activity_code', 'contacts.contact_date') }} as activity_code,
        {{ arg_max('contacts.accommodation_code', 'contacts.contact_date') }} as accommodation_code
    from cohort
    left join contacts
        on
            cohort.la_code = contacts.la_code
            and cohort.child_id = contacts.child_id
            and cohort.period_end >= contacts.contact_date
    group by
        cohort.la_code,
        cohort.period_end,
        cohort.child_id,
        cohort.age_at_period_end,
        cohort.is_former_uasc,
        cohort.left_care_date

)

select
    la_code,
    period_end,
    child_id,
    age_at_period_end,
    is_former_uasc,
    left_care_date,
    contact_date as latest_contact_date,
    in_touch_code,
    activity_code,
    accommodation_code,
    coalesce(in_touch_code = 'YES', false) as is_in_touch,
    coalesce(activity_code in {{ code_list('eet_activity') }}, false)
        as is_in_education_employment_training,
    coalesce(
        right(accommodation_code, 1) in {{ code_list('suitable_accommodation_suffix') }}, false
    ) as is_in_suitable_accommodation
from latest_contact
