-- The nowcast: for every month of a nowcast indicator
-- (indicator_nowcast_settings) as known on each night, the value expected
-- once recording has caught up, with an 80% interval.
--
-- This is the actuarial "incurred but not reported" problem: a month's
-- numerator and denominator are development triangles (rows = months, columns
-- = lags). The completion factor at a lag is the chain-ladder
-- volume-weighted factor: the sum of settled months' final numerators
-- divided by the sum of their numerators at the same lag (and the same for
-- denominators). The denominator is nowcast by chain ladder, the numerator
-- by Bornhuetter-Ferguson from the same factors (macros/nowcast.sql says
-- why). Settled = the month's figure 12 month ends later is known
-- by the night being nowcast, so a historic night's nowcast uses only what
-- was known then (the back-test relies on it). The final value is the value
-- 12 month ends after the month end (see int_revision_nights for why a year).
--
-- Why SQL and not the chainladder package: with one lag matched exactly per
-- night, the estimates are a few sums per lag, here next to the
-- revision history, unit-tested on hand-made rows like every indicator, and
-- computed for every historic night in the same pass. chainladder 0.10.1
-- resolves against the project's pandas 2.3 without a clash, but it would
-- add 16 packages (numba, llvmlite, scikit-learn, matplotlib, sparse...)
-- for a few sums, need the triangles moved to pandas after dbt in a Python
-- step per night, and its intervals (Mack) assume a model of the factors'
-- variance that the empirical leave-one-out spread below does not need.
--
-- Reviews in timescale (seed nowcast_method traced_records) are nowcast
-- from what the night can see child by child instead: the reviews recorded
-- plus those held and not yet typed in that the plans agreed at them
-- already show (int_reviews_not_yet_recorded), with no completion factor on
-- top (the back-test was worse with one); the interval is learned the same
-- way, from the settled months' own such nowcasts.
--
-- Which settled months an indicator learns from (seed
-- indicator_nowcast_settings.learn_from): all_months, or
-- same_calendar_month for an indicator whose revisions follow the year
-- (PEPs up to date: at the start of a school term most of the term's PEPs
-- are held in its last weeks of the month and typed in the next, so
-- September moves 14 points after its first report and August none).
-- A nowcast needs at least 6 settled months when learning from all months
-- (half a year of revision patterns) and 2 when learning from the same
-- calendar month (two earlier years); below that, none is made.
--
-- Interval: each settled month is nowcast at the same lag from the other
-- months it would learn from (leave one out, so the spread is out of
-- sample), and the ratio final / nowcast taken; the conformal 10% and 90%
-- order statistics of those ratios over every settled month (spread, below)
-- scale the night's nowcast into an 80% interval.
with

settings as (

    select * from {{ ref('indicator_nowcast_settings') }}

),

indicators as (

    select * from {{ ref('indicators') }}

),

not_yet_recorded as (

    select * from {{ ref('int_reviews_not_yet_recorded') }}

),

revisions as (

    -- The nowcast starts from what is known on the night: the recorded
    -- numerator and denominator and, for reviews in timescale, the reviews
    -- held and not yet typed in, expected child by child from each child's
    -- due review and the plans agreed at reviews
    -- (int_reviews_not_yet_recorded). The recorded value is kept as it is.
    -- Every column of int_indicator_revisions in its order (ST06 would move
    -- the two sums after the plain columns), numerator and denominator with
    -- the reviews not yet recorded.
    select  -- noqa: ST06
        revision_rows.la_code,
        revision_rows.indicator_id,
        revision_rows.period_type,
        revision_rows.period_end,
        revision_rows.as_of_date,
        revision_rows.numerator + coalesce(not_yet_recorded.in_time_not_yet_recorded, 0) as numerator,
        revision_rows.denominator + coalesce(not_yet_recorded.reviews_not_yet_recorded, 0) as denominator,
        revision_rows.value,
        revision_rows.record_source,
        revision_rows.lag_days,
        revision_rows.lag_months,
        revision_rows.lag_offset_days,
        indicators.unit,
        settings.provisional_tolerance,
        -- the months a month learns from share its learning group
        case settings.learn_from
            when 'same_calendar_month' then month(revision_rows.period_end)
            else 0
        end as learning_group,
        case settings.learn_from when 'same_calendar_month' then 2 else 6 end as minimum_settled_months,
        settings.nowcast_method = 'traced_records' as uses_traced_records
    from {{ ref('int_indicator_revisions') }} as revision_rows
    left join not_yet_recorded
        on
            revision_rows.la_code = not_yet_recorded.la_code
            and revision_rows.indicator_id = not_yet_recorded.indicator_id
            and revision_rows.period_type = not_yet_recorded.period_type
            and revision_rows.period_end = not_yet_recorded.period_end
            and revision_rows.as_of_date = not_yet_recorded.as_of_date
    inner join settings
        on revision_rows.indicator_id = settings.indicator_id
    inner join indicators
        on revision_rows.indicator_id = indicators.indicator_id
    where revision_rows.period_type = 'month'

),

finals as (

    -- Each month's settled figure and the night it became known.
    select
        la_code,
        indicator_id,
        period_type,
        period_end,
        as_of_date as settled_on,
        numerator as final_numerator,
        denominator as final_denominator,
        value as final_value
    from revisions
    where lag_months = 12 and lag_offset_days = 0

),

developed as (

    -- Each settled month at every lag, with its final figure.
    select
        revisions.la_code,
        revisions.indicator_id,
        revisions.period_type,
        revisions.period_end,
        revisions.learning_group,
        revisions.unit,
        revisions.uses_traced_records,
        revisions.lag_months,
        revisions.lag_offset_days,
        revisions.numerator,
        revisions.denominator,
        finals.settled_on,
        finals.final_numerator,
        finals.final_denominator,
        finals.final_value
    from revisions
    inner join finals
        on
            revisions.la_code = finals.la_code
            and revisions.indicator_id = finals.indicator_id
            and revisions.period_type = finals.period_type
            and revisions.period_end = finals.period_end

),

lag_nights as (

    -- Every (night, lag) some month is nowcast at: months within 12 month ends.
    select distinct
        la_code,
        indicator_id,
        period_type,
        as_of_date,
        lag_months,
        lag_offset_days
    from revisions
    where lag_months < 12

),

settled_by_night as (

    -- The months settled by each such night, at that lag, from the three
    -- years before it (the nightly revision window: at most 24 settled
    -- months, so a back-test over a longer history learns as the nightly
    -- run does, and old recording habits age out).
    select
        lag_nights.la_code,
        lag_nights.indicator_id,
        lag_nights.period_type,
        lag_nights.as_of_date,
        lag_nights.lag_months,
        lag_nights.lag_offset_days,
        developed.period_end as settled_period_end,
        developed.learning_group,
        developed.unit,
        developed.uses_traced_records,
        developed.numerator as numerator_at_lag,
        developed.denominator as denominator_at_lag,
        developed.final_numerator,
        developed.final_denominator,
        developed.final_value
    from lag_nights
    inner join developed
        on
            lag_nights.la_code = developed.la_code
            and lag_nights.indicator_id = developed.indicator_id
            and lag_nights.period_type = developed.period_type
            and lag_nights.lag_months = developed.lag_months
            and lag_nights.lag_offset_days = developed.lag_offset_days
            and lag_nights.as_of_date >= developed.settled_on
            and developed.period_end > last_day(lag_nights.as_of_date - interval '36 month')

),

group_sums as (

    select
        la_code,
        indicator_id,
        period_type,
        as_of_date,
        lag_months,
        lag_offset_days,
        learning_group,
        count(*) as settled_months,
        sum(final_numerator) as sum_final_numerator,
        sum(numerator_at_lag) as sum_numerator_at_lag,
        sum(final_denominator) as sum_final_denominator,
        sum(denominator_at_lag) as sum_denominator_at_lag
    from settled_by_night
    group by la_code, indicator_id, period_type, as_of_date, lag_months, lag_offset_days, learning_group

),

left_out_sums as (

    -- Each settled month's learning group without itself (leave one out):
    -- the group's sums over a window, not group_sums joined back, which
    -- PostgreSQL, taking both for 1 row, joined with a nested loop (36 s).
    select
        *,
        count(*) over learning_group_night - 1 as other_months,
        sum(final_numerator) over learning_group_night - final_numerator as other_final_numerator,
        sum(numerator_at_lag) over learning_group_night - numerator_at_lag as other_numerator_at_lag,
        sum(final_denominator) over learning_group_night - final_denominator as other_final_denominator,
        sum(denominator_at_lag) over learning_group_night - denominator_at_lag as other_denominator_at_lag
    from settled_by_night
    window learning_group_night as (
        partition by la_code, indicator_id, period_type, as_of_date, lag_months, lag_offset_days, learning_group
    )

),

left_out_denominators as (

    select
        *,
        case
            when uses_traced_records then denominator_at_lag
            else {{ expected_final_denominator(
                'denominator_at_lag', 'other_final_denominator', 'other_denominator_at_lag'
            ) }}
        end as left_out_denominator
    from left_out_sums
    where other_months > 0

),

left_out_nowcasts as (

    -- Each settled month nowcast at the night's lag from the other months
    -- of its learning group, against its final value.
    select
        *,
        case
            when uses_traced_records
                then {{ indicator_value('unit', 'numerator_at_lag', 'left_out_denominator') }}
            else {{ indicator_value(
                'unit',
                expected_final_numerator(
                    'numerator_at_lag',
                    'left_out_denominator',
                    'other_final_numerator',
                    'other_numerator_at_lag',
                    'other_final_denominator',
                    'other_months',
                ),
                'left_out_denominator',
            ) }}
        end as left_out_nowcast
    from left_out_denominators

),

ranked_ratios as (

    select
        la_code,
        indicator_id,
        period_type,
        as_of_date,
        lag_months,
        lag_offset_days,
        final_value / left_out_nowcast as ratio,
        row_number() over lag_night as ratio_rank,
        count(*) over (partition by la_code, indicator_id, period_type, as_of_date, lag_months, lag_offset_days)
            as ratios
    from left_out_nowcasts
    where left_out_nowcast > 0
    window lag_night as (
        partition by la_code, indicator_id, period_type, as_of_date, lag_months, lag_offset_days
        order by final_value / left_out_nowcast
    )

),

spread as (

    -- The conformal order statistics: of n ratios, the floor(0.1 (n + 1))-th
    -- smallest and the ceil(0.9 (n + 1))-th, so that a new month's ratio
    -- falls between them with probability at least 80% when months are
    -- exchangeable. The plain 10th and 90th percentiles of a couple of
    -- dozen ratios are too narrow (n / (n + 1) of the spread, and sample
    -- percentiles of small samples under-cover): the back-test covered 73%.
    select
        la_code,
        indicator_id,
        period_type,
        as_of_date,
        lag_months,
        lag_offset_days,
        min(ratio) filter (where ratio_rank = greatest(floor(0.1 * (ratios + 1)), 1)) as ratio_low,
        min(ratio) filter (where ratio_rank = least(ceil(0.9 * (ratios + 1)), ratios)) as ratio_high
    from ranked_ratios
    group by la_code, indicator_id, period_type, as_of_date, lag_months, lag_offset_days

),

nowcast_inputs as (

    -- Every month of a nowcast indicator on every night, with the sums of
    -- its learning group; settled months (12 month ends on) are their own
    -- final value.
    select
        revisions.la_code,
        revisions.indicator_id,
        revisions.period_type,
        revisions.period_end,
        revisions.as_of_date,
        revisions.lag_months,
        revisions.lag_offset_days,
        revisions.unit,
        revisions.uses_traced_records,
        revisions.provisional_tolerance,
        revisions.numerator,
        revisions.denominator,
        revisions.value,
        group_sums.sum_final_numerator,
        group_sums.sum_numerator_at_lag,
        group_sums.sum_final_denominator,
        group_sums.sum_denominator_at_lag,
        spread.ratio_low,
        spread.ratio_high,
        revisions.lag_months >= 12 as is_settled,
        coalesce(group_sums.settled_months, 0) as settled_months,
        coalesce(group_sums.settled_months, 0) >= revisions.minimum_settled_months as has_enough_history
    from revisions
    left join group_sums
        on
            revisions.la_code = group_sums.la_code
            and revisions.indicator_id = group_sums.indicator_id
            and revisions.period_type = group_sums.period_type
            and revisions.as_of_date = group_sums.as_of_date
            and revisions.lag_months = group_sums.lag_months
            and revisions.lag_offset_days = group_sums.lag_offset_days
            and revisions.learning_group = group_sums.learning_group
    left join spread
        on
            revisions.la_code = spread.la_code
            and revisions.indicator_id = spread.indicator_id
            and revisions.period_type = spread.period_type
            and revisions.as_of_date = spread.as_of_date
            and revisions.lag_months = spread.lag_months
            and revisions.lag_offset_days = spread.lag_offset_days

),

expected_denominators as (

    select
        *,
        case
            when is_settled then denominator
            when has_enough_history and uses_traced_records then denominator
            when has_enough_history
                then {{ expected_final_denominator('denominator', 'sum_final_denominator', 'sum_denominator_at_lag') }}
        end as expected_final_denominator
    from nowcast_inputs

),

expected as (

    select
        *,
        case
            when is_settled then numerator
            when has_enough_history and uses_traced_records then numerator
            when has_enough_history
                then {{ expected_final_numerator(
                    'numerator',
                    'expected_final_denominator',
                    'sum_final_numerator',
                    'sum_numerator_at_lag',
                    'sum_final_denominator',
                    'settled_months',
                ) }}
        end as expected_final_numerator,
        case when is_settled then 1.0 else ratio_low end as interval_ratio_low,
        case when is_settled then 1.0 else ratio_high end as interval_ratio_high
    from expected_denominators

),

valued as (

    select
        *,
        sum_final_numerator / nullif(sum_numerator_at_lag, 0) as numerator_completion_factor,
        sum_final_denominator / nullif(sum_denominator_at_lag, 0) as denominator_completion_factor,
        {{ indicator_value('unit', 'expected_final_numerator', 'expected_final_denominator') }}
            as raw_expected_final_value
    from expected

),

bounded as (

    -- A percentage cannot settle above 100 (numerator within denominator).
    -- (least() skips nulls, so no nowcast must stay null explicitly.)
    select
        *,
        case
            when raw_expected_final_value is null then null
            when unit = 'percentage' then least(raw_expected_final_value, 100.0)
            else raw_expected_final_value
        end as expected_final_value
    from valued

)

select
    la_code,
    indicator_id,
    period_type,
    period_end,
    as_of_date,
    lag_months,
    lag_offset_days,
    settled_months,
    numerator_completion_factor,
    denominator_completion_factor,
    expected_final_numerator,
    expected_final_denominator,
    round(expected_final_value, 4) as expected_final_value,
    round(case
        when expected_final_value * interval_ratio_low is null then null
        when unit = 'percentage' then least(expected_final_value * interval_ratio_low, 100.0)
        else expected_final_value * interval_ratio_low
    end, 4) as expected_final_low,
    round(case
        when expected_final_value * interval_ratio_high is null then null
        when unit = 'percentage' then least(expected_final_value * interval_ratio_high, 100.0)
        else expected_final_value * interval_ratio_high
    end, 4) as expected_final_high,
    coalesce(abs(expected_final_value - value) > provisional_tolerance, false) as is_provisional
from bounded
