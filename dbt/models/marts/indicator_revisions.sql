-- How each month's figure moved as recording caught up: every value held
-- for the month on each night (published nights, tonight, and the lagging
-- indicators' reconstructed nights; int_indicator_revisions), with its lag
-- after the period end, the latest value known tonight and the revision
-- still to come from that night to tonight, the first published value
-- (the first report, 7 days after the month end, when held; otherwise the
-- earliest night held) and, for the nowcast indicators, the expected final
-- value with its 80% interval as it was estimated on that night.
with

revisions as (

    select * from {{ ref('int_indicator_revisions') }}

),

nowcasts as (

    select * from {{ ref('int_indicator_nowcasts') }}

),

ranked as (

    select
        revisions.*,
        last_value(revisions.value) over month_nights as latest_value,
        last_value(revisions.as_of_date) over month_nights as latest_as_of_date,
        -- the first report when held, else the earliest night held
        first_value(revisions.value) over first_report_first as first_published_value,
        first_value(revisions.as_of_date) over first_report_first as first_published_as_of_date
    from revisions
    window
        month_nights as (
            partition by revisions.la_code, revisions.indicator_id, revisions.period_type, revisions.period_end
            order by revisions.as_of_date
            rows between unbounded preceding and unbounded following
        ),
        first_report_first as (
            partition by revisions.la_code, revisions.indicator_id, revisions.period_type, revisions.period_end
            order by (revisions.lag_months = 0 and revisions.lag_offset_days = 7) desc, revisions.as_of_date
            rows between unbounded preceding and unbounded following
        )

)

select
    cast(ranked.la_code as varchar) as la_code,
    cast(ranked.indicator_id as varchar) as indicator_id,
    cast(ranked.period_type as varchar) as period_type,
    cast(ranked.period_end as date) as period_end,
    cast(ranked.as_of_date as date) as as_of_date,
    cast(ranked.lag_days as integer) as lag_days,
    cast(ranked.lag_months as integer) as lag_months,
    cast(ranked.lag_offset_days as integer) as lag_offset_days,
    cast(ranked.record_source as varchar) as record_source,
    cast(ranked.numerator as float8) as numerator,
    cast(ranked.denominator as float8) as denominator,
    cast(ranked.value as float8) as value,
    cast(ranked.latest_as_of_date as date) as latest_as_of_date,
    cast(ranked.latest_value as float8) as latest_value,
    cast(round(ranked.latest_value - ranked.value, 4) as float8) as revision,
    cast(ranked.as_of_date = ranked.latest_as_of_date as boolean) as is_latest,
    cast(ranked.first_published_as_of_date as date) as first_published_as_of_date,
    cast(ranked.first_published_value as float8) as first_published_value,
    cast(round(ranked.latest_value - ranked.first_published_value, 4) as float8) as first_to_latest_revision,
    cast(ranked.as_of_date = ranked.first_published_as_of_date as boolean) as is_first_published,
    cast(nowcasts.expected_final_value as float8) as expected_final_value,
    cast(nowcasts.expected_final_low as float8) as expected_final_low,
    cast(nowcasts.expected_final_high as float8) as expected_final_high,
    cast(nowcasts.is_provisional as boolean) as is_provisional
from ranked
left join nowcasts
    on
        ranked.la_code = nowcasts.la_code
        and ranked.indicator_id = nowcasts.indicator_id
        and ranked.period_type = nowcasts.period_type
        and ranked.period_end = nowcasts.period_end
        and ranked.as_of_date = nowcasts.as_of_date
