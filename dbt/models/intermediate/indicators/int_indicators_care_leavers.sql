-- Care-leaver indicators at each month end, on the cohort of
-- int_care_leavers_monthly (aged 17-21). Status from the latest OC3 contact
-- on or before the month end; a care leaver with no contact recorded counts
-- in the denominator and not in the numerator (the DfE counts "not known" in
-- the denominator too). Suitable accommodation: accommodation code ending in
-- 1 (SSDA903 OC3); EET: activity F1/P1, F2/P2, F4/P4, F5/P5.
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

care_leavers as (

    select * from {{ ref('int_care_leavers_monthly') }}

),

totals as (

    select
        spine.la_code,
        spine.period_end,
        count(care_leavers.child_id) as care_leavers,
        count(care_leavers.child_id) filter (where care_leavers.is_in_suitable_accommodation)
            as suitable_accommodation,
        count(care_leavers.child_id) filter (where care_leavers.is_in_education_employment_training) as eet,
        count(care_leavers.child_id) filter (where care_leavers.is_in_touch) as in_touch,
        count(care_leavers.child_id) filter (where care_leavers.is_former_uasc) as former_uasc
    from spine
    left join care_leavers
        on
            spine.la_code = care_leavers.la_code
            and spine.period_end = care_leavers.period_end
    group by spine.la_code, spine.period_end

)

{{ indicator_rows('totals', {
    'care_leavers_count': 'care_leavers',
    'care_leavers_suitable_accommodation_pct': ['suitable_accommodation', 'care_leavers'],
    'care_leavers_eet_pct': ['eet', 'care_leavers'],
    'care_leavers_in_touch_pct': ['in_touch', 'care_leavers'],
    'care_leavers_former_uasc_count': 'former_uasc',
}, period_type='month') }}
