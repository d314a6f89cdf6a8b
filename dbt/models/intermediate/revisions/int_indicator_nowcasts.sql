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
-- computed for every historic night in the same pass; chainladder would
-- need the triangles moved to pandas after dbt, a Python step per night,
-- a new dependency tree (sparse, numba) for two sums, and its intervals
-- (Mack) assume a model of the factors' variance that the empirical spread
-- below does not need.
--
-- Interval: for each settled month, its own nowcast at the same lag with
-- factors learnt from the other settled months (leave one out, so the
-- spread is out of sample), and the ratio final / nowcast; the 10th and
-- 90th percentiles of those ratios scale tonight's nowcast into an 80%
-- interval. A nowcast needs at least 6 settled months (half a year of
-- revision patterns); below that, none is made.
with

settings as (

    select * from {{ ref('indicator_nowcast_settings') }}

),

indicators as (

    select * from {{ ref('indicators') }}

),

revisions as (

    select revision_rows.*
    from {{ ref('int_indicator_revisions') }} as revision_rows
    inner join settings
        on revision_rows.indicator_id = settings.indicator_id
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

targets as (

    -- The nights to nowcast: every month still inside its 12 month ends.
    select * from revisions
    where lag_months < 12

),

learning_pairs as (

    -- Each target night with the months settled by that night, at its lag.
    select
        targets.la_code,
        targets.indicator_id,
        targets.period_type,
        targets.period_end,
        targets.as_of_date,
        developed.period_end as settled_period_end,
        developed.numerator as settled_numerator_at_lag,
        developed.denominator as settled_denominator_at_lag,
        developed.final_numerator,
        developed.final_denominator,
        developed.final_value
    from targets
    inner join developed
        on
            targets.la_code = developed.la_code
            and targets.indicator_id = developed.indicator_id
            and targets.period_type = developed.period_type
            and targets.lag_months = developed.lag_months
            and targets.lag_offset_days = developed.lag_offset_days
            and targets.as_of_date >= developed.settled_on

),

factor_sums as (

    select
        la_code,
        indicator_id,
        period_type,
        period_end,
        as_of_date,
        count(*) as settled_months,
        sum(final_numerator) as sum_final_numerator,
        sum(settled_numerator_at_lag) as sum_numerator_at_lag,
        sum(final_denominator) as sum_final_denominator,
        sum(settled_denominator_at_lag) as sum_denominator_at_lag
    from learning_pairs
    group by la_code, indicator_id, period_type, period_end, as_of_date

),

left_out_sums as (

    -- Each settled month's sums without itself (leave one out).
    select
        learning_pairs.la_code,
        learning_pairs.indicator_id,
        learning_pairs.period_type,
        learning_pairs.period_end,
        learning_pairs.as_of_date,
        learning_pairs.final_value,
        learning_pairs.settled_numerator_at_lag,
        learning_pairs.settled_denominator_at_lag,
        indicators.unit,
        factor_sums.settled_months - 1 as other_months,
        factor_sums.sum_final_numerator - learning_pairs.final_numerator as other_final_numerator,
        factor_sums.sum_numerator_at_lag - learning_pairs.settled_numerator_at_lag as other_numerator_at_lag,
        factor_sums.sum_final_denominator - learning_pairs.final_denominator as other_final_denominator,
        factor_sums.sum_denominator_at_lag - learning_pairs.settled_denominator_at_lag as other_denominator_at_lag
    from learning_pairs
    inner join factor_sums
        on
            learning_pairs.la_code = factor_sums.la_code
            and learning_pairs.indicator_id = factor_sums.indicator_id
            and learning_pairs.period_type = factor_sums.period_type
            and learning_pairs.period_end = factor_sums.period_end
            and learning_pairs.as_of_date = factor_sums.as_of_date
    inner join indicators
        on learning_pairs.indicator_id = indicators.indicator_id

),

left_out_denominators as (

    select
        *,
        {{ expected_final_denominator(
            'settled_denominator_at_lag', 'other_final_denominator', 'other_denominator_at_lag'
        ) }} as left_out_denominator
    from left_out_sums

),

left_out_nowcasts as (

    -- Each settled month nowcast at the target's lag from the other
    -- settled months, against its final value.
    select
        *,
        {{ indicator_value(
            'unit',
            expected_final_numerator(
                'settled_numerator_at_lag',
                'left_out_denominator',
                'other_final_numerator',
                'other_numerator_at_lag',
                'other_final_denominator',
                'other_months',
            ),
            'left_out_denominator',
        ) }} as left_out_nowcast
    from left_out_denominators

),

spread as (

    select
        la_code,
        indicator_id,
        period_type,
        period_end,
        as_of_date,
        quantile_cont(final_value / left_out_nowcast, 0.1) as ratio_low,
        quantile_cont(final_value / left_out_nowcast, 0.9) as ratio_high
    from left_out_nowcasts
    where left_out_nowcast > 0
    group by la_code, indicator_id, period_type, period_end, as_of_date

),

nowcasts as (

    select
        revisions.la_code,
        revisions.indicator_id,
        revisions.period_type,
        revisions.period_end,
        revisions.as_of_date,
        revisions.lag_months,
        revisions.lag_offset_days,
        revisions.value,
        indicators.unit,
        settings.provisional_tolerance,
        revisions.numerator,
        revisions.denominator,
        coalesce(factor_sums.settled_months, 0) as settled_months,
        -- settled months (lag 12 and over) are their own final value
        case when revisions.lag_months >= 12 then 1 else factor_sums.settled_months end as factor_months,
        case
            when revisions.lag_months >= 12 then 1.0 else factor_sums.sum_final_numerator
        end as sum_final_numerator,
        case
            when revisions.lag_months >= 12 then 1.0 else factor_sums.sum_numerator_at_lag
        end as sum_numerator_at_lag,
        case
            when revisions.lag_months >= 12 then 1.0 else factor_sums.sum_final_denominator
        end as sum_final_denominator,
        case
            when revisions.lag_months >= 12 then 1.0 else factor_sums.sum_denominator_at_lag
        end as sum_denominator_at_lag,
        case when revisions.lag_months >= 12 then 1.0 else spread.ratio_low end as ratio_low,
        case when revisions.lag_months >= 12 then 1.0 else spread.ratio_high end as ratio_high
    from revisions
    inner join indicators
        on revisions.indicator_id = indicators.indicator_id
    inner join settings
        on revisions.indicator_id = settings.indicator_id
    left join factor_sums
        on
            revisions.la_code = factor_sums.la_code
            and revisions.indicator_id = factor_sums.indicator_id
            and revisions.period_type = factor_sums.period_type
            and revisions.period_end = factor_sums.period_end
            and revisions.as_of_date = factor_sums.as_of_date
    left join spread
        on
            revisions.la_code = spread.la_code
            and revisions.indicator_id = spread.indicator_id
            and revisions.period_type = spread.period_type
            and revisions.period_end = spread.period_end
            and revisions.as_of_date = spread.as_of_date

),

usable as (

    -- No nowcast from fewer than 6 settled months.
    select
        *,
        sum_final_numerator / nullif(sum_numerator_at_lag, 0) as numerator_completion_factor,
        sum_final_denominator / nullif(sum_denominator_at_lag, 0) as denominator_completion_factor,
        {{ expected_final_denominator('denominator', 'sum_final_denominator', 'sum_denominator_at_lag') }}
            as expected_final_denominator
    from nowcasts
    where lag_months >= 12 or settled_months >= 6

),

expected as (

    select
        nowcasts.*,
        usable.numerator_completion_factor,
        usable.denominator_completion_factor,
        usable.expected_final_denominator,
        case
            when nowcasts.lag_months >= 12 then nowcasts.numerator
            else {{ expected_final_numerator(
                'usable.numerator',
                'usable.expected_final_denominator',
                'usable.sum_final_numerator',
                'usable.sum_numerator_at_lag',
                'usable.sum_final_denominator',
                'usable.factor_months',
            ) }}
        end as expected_final_numerator
    from nowcasts
    left join usable
        on
            nowcasts.la_code = usable.la_code
            and nowcasts.indicator_id = usable.indicator_id
            and nowcasts.period_type = usable.period_type
            and nowcasts.period_end = usable.period_end
            and nowcasts.as_of_date = usable.as_of_date

),

valued as (

    select
        *,
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
        when expected_final_value * ratio_low is null then null
        when unit = 'percentage' then least(expected_final_value * ratio_low, 100.0)
        else expected_final_value * ratio_low
    end, 4) as expected_final_low,
    round(case
        when expected_final_value * ratio_high is null then null
        when unit = 'percentage' then least(expected_final_value * ratio_high, 100.0)
        else expected_final_value * ratio_high
    end, 4) as expected_final_high,
    coalesce(abs(expected_final_value - value) > provisional_tolerance, false) as is_provisional
from bounded
