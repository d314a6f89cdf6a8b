-- The DfE OC3 measures at each 31 March, by age band (17-18 and 19-21 at 31
-- March, the age of their birthday in the year): the care leavers of
-- int_care_leavers_monthly at the March month end, each with the status of
-- their latest contact on or before it (the 903's OC3 is that contact, dated
-- on the birthday in the year: stg_ssda903__care_leaver_contacts). One row
-- per 31 March, age band and activity and accommodation code ('none' = no
-- contact recorded, which the DfE counts as not known, in the denominator).
with

care_leavers as (

    select * from {{ ref('int_care_leavers_monthly') }}

)

select
    la_code,
    period_end as year_ending,
    case when age_at_period_end <= 18 then '17_18' else '19_21' end as age_band,
    coalesce(activity_code, 'none') as activity_code,
    coalesce(accommodation_code, 'none') as accommodation_code,
    count(*) as care_leavers,
    sum(case when is_in_education_employment_training then 1 else 0 end) as in_education_employment_training,
    sum(case when is_in_suitable_accommodation then 1 else 0 end) as in_suitable_accommodation,
    sum(case when is_in_touch then 1 else 0 end) as in_touch
from care_leavers
where extract(month from period_end) = 3
group by
    la_code,
    period_end,
    case when age_at_period_end <= 18 then '17_18' else '19_21' end,
    coalesce(activity_code, 'none'),
    coalesce(accommodation_code, 'none')
