-- The revision history's row for tonight is tonight's published figure:
-- the reconstruction runs the same indicator macros with a recorded_at
-- cut-off, so for the as-of night itself it must give exactly the
-- numerator and denominator of indicator_values. Fails on each month that
-- differs (or is missing on either side).
with

tonight_revisions as (

    select * from {{ ref('int_indicator_revisions_reconstructed') }}
    where is_tonight

),

revised_indicators as (

    select distinct
        la_code,
        indicator_id
    from tonight_revisions

),

revised_months as (

    select distinct
        la_code,
        period_end
    from tonight_revisions

),

published as (

    select values_tonight.*
    from {{ ref('indicator_values') }} as values_tonight
    inner join revised_indicators
        on
            values_tonight.la_code = revised_indicators.la_code
            and values_tonight.indicator_id = revised_indicators.indicator_id
    inner join revised_months
        on
            values_tonight.la_code = revised_months.la_code
            and values_tonight.period_end = revised_months.period_end
    where values_tonight.period_type = 'month'

)

select
    published.numerator as published_numerator,
    tonight_revisions.numerator as revision_numerator,
    published.denominator as published_denominator,
    tonight_revisions.denominator as revision_denominator,
    coalesce(published.la_code, tonight_revisions.la_code) as la_code,
    coalesce(published.indicator_id, tonight_revisions.indicator_id) as indicator_id,
    coalesce(published.period_end, tonight_revisions.period_end) as period_end
from published
full outer join tonight_revisions
    on
        published.la_code = tonight_revisions.la_code
        and published.indicator_id = tonight_revisions.indicator_id
        and published.period_end = tonight_revisions.period_end
        and published.period_type = tonight_revisions.period_type
where
    published.indicator_id is null
    or tonight_revisions.indicator_id is null
    or published.numerator != tonight_revisions.numerator
    or published.denominator != tonight_revisions.denominator
