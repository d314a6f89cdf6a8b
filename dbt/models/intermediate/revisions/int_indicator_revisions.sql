-- Every indicator value known for each night, from three places, the best
-- first for the same (indicator, period, night):
-- 1. published: what an earlier night actually published (the indicator
--    history, stg_published__indicator_values);
-- 2. tonight: tonight's indicator_values, for every indicator;
-- 3. reconstructed: the lagging indicators' figures rebuilt for the
--    revision nights from recorded_at (int_indicator_revisions_reconstructed).
-- Months: those of the revision window (var revision_months). Each night's
-- lag after the period end is stated canonically (whole month ends passed,
-- then days) so that the same lag of two months can be matched.
with

window_months as (

    -- The months of each council's revision window, with the council's own
    -- night (the latest revision night of a month is tonight).
    select
        la_code,
        period_end,
        max(as_of_date) as tonight_date
    from {{ ref('int_revision_nights') }}
    group by la_code, period_end

),

published as (

    select
        published_values.la_code,
        published_values.indicator_id,
        published_values.period_type,
        published_values.period_end,
        published_values.as_of_date,
        published_values.numerator,
        published_values.denominator,
        published_values.value,
        'published' as record_source,
        1 as source_rank
    from {{ ref('stg_published__indicator_values') }} as published_values
    inner join window_months
        on
            published_values.la_code = window_months.la_code
            and published_values.period_end = window_months.period_end
            -- nights published before the council's own tonight
            and published_values.as_of_date < window_months.tonight_date

),

tonight as (

    select
        tonight_values.la_code,
        tonight_values.indicator_id,
        tonight_values.period_type,
        tonight_values.period_end,
        tonight_values.as_of_date,
        tonight_values.numerator,
        tonight_values.denominator,
        tonight_values.value,
        'tonight' as record_source,
        2 as source_rank
    from {{ ref('indicator_values') }} as tonight_values
    inner join window_months
        on
            tonight_values.la_code = window_months.la_code
            and tonight_values.period_end = window_months.period_end

),

reconstructed as (

    select
        la_code,
        indicator_id,
        period_type,
        period_end,
        as_of_date,
        numerator,
        denominator,
        value,
        'reconstructed' as record_source,
        3 as source_rank
    from {{ ref('int_indicator_revisions_reconstructed') }}

),

unioned as (

    select * from published
    union all
    select * from tonight
    union all
    select * from reconstructed

),

best as (

    select {{ distinct_on('la_code, indicator_id, period_type, period_end, as_of_date') }} *
    from unioned
    {{ first_per_partition('la_code, indicator_id, period_type, period_end, as_of_date', 'source_rank') }}

),

with_lag as (

    select
        *,
        cast(date_trunc('month', as_of_date + interval '1 day') as date) - 1 as last_month_end_by_then
    from best
    where as_of_date >= period_end

)

select
    la_code,
    indicator_id,
    period_type,
    period_end,
    as_of_date,
    numerator,
    denominator,
    value,
    record_source,
    datediff('day', period_end, as_of_date) as lag_days,
    datediff('month', period_end, last_month_end_by_then) as lag_months,
    datediff('day', last_month_end_by_then, as_of_date) as lag_offset_days
from with_lag
