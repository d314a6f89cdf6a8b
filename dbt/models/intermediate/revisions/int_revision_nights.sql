-- The nights the revision history reconstructs each month's figures "as
-- known on": for each of the last 36 complete months (var revision_months:
-- three financial years, enough to learn each indicator's revision pattern
-- from 24 settled months), at
-- - the first report, 7 days after the month end (the papers' figures are
--   run in the first week of the next month);
-- - each of the next 12 month ends (a year is enough: of the simulator's
--   slowest records, dental checks typed into the case system with a
--   lognormal lag of median 35 days, under 2% arrive after a year, and the
--   papers re-run "at least two months");
-- - tonight's lag: the same number of months and days after the month end
--   as tonight is after the latest months, so each month's figure tonight
--   can be compared with earlier months' figures at exactly the same lag
--   (the nowcast's completion factors, int_indicator_nowcasts);
-- - tonight itself.
-- A night's lag is stated canonically as whole month ends passed
-- (lag_months) plus days since the last of them (lag_offset_days), so the
-- same lag of two months matches. Nights after tonight are not built.
-- Tonight is each council's own as-of date (the month spine's), so a
-- council whose extracts stopped earlier is revised up to its own night.
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

tonight as (

    -- Each council's own night: the as-of date its month spine ends at.
    select distinct
        la_code,
        as_of_date,
        -- the last month end on or before tonight
        cast(date_trunc('month', as_of_date + interval '1 day') as date) - 1 as anchor_month_end
    from spine

),

months as (

    select
        spine.la_code,
        spine.period_end,
        spine.period_start
    from spine
    inner join tonight
        on spine.la_code = tonight.la_code
    where spine.period_end > last_day(tonight.anchor_month_end - interval '{{ var('revision_months', 36) }} month')

),

candidate_lags as (

    -- (months after the month end, days after that month end), per council
    -- because tonight's lag is the council's own
    select
        la_code,
        0 as lag_months,
        7 as lag_offset_days
    from tonight
    union all
    select
        tonight.la_code,
        month_count.lag_months,
        0 as lag_offset_days
    from generate_series(1, 12) as month_count (lag_months)
    cross join tonight
    union all
    select
        tonight.la_code,
        month_count.lag_months,
        tonight.as_of_date - tonight.anchor_month_end as lag_offset_days
    from generate_series(0, 12) as month_count (lag_months)
    cross join tonight

),

candidate_nights as (

    select
        months.la_code,
        months.period_end,
        months.period_start,
        last_day(months.period_end + to_months(candidate_lags.lag_months))
        + cast(candidate_lags.lag_offset_days as integer) as as_of_date
    from months
    inner join candidate_lags
        on months.la_code = candidate_lags.la_code
    union all
    select
        months.la_code,
        months.period_end,
        months.period_start,
        tonight.as_of_date
    from months
    inner join tonight
        on months.la_code = tonight.la_code

),

nights as (

    select distinct
        candidate_nights.la_code,
        candidate_nights.period_end,
        candidate_nights.period_start,
        candidate_nights.as_of_date,
        tonight.as_of_date as tonight_date
    from candidate_nights
    inner join tonight
        on candidate_nights.la_code = tonight.la_code
    where candidate_nights.as_of_date <= tonight.as_of_date

),

canonical as (

    select
        *,
        cast(date_trunc('month', as_of_date + interval '1 day') as date) - 1 as last_month_end_by_then
    from nights

)

select
    la_code,
    'month' as period_type,
    period_end,
    period_start as window_start,
    as_of_date,
    datediff('day', period_end, as_of_date) as lag_days,
    datediff('month', period_end, last_month_end_by_then) as lag_months,
    datediff('day', last_month_end_by_then, as_of_date) as lag_offset_days,
    as_of_date = tonight_date as is_tonight
from canonical
