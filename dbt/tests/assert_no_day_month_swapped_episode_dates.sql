-- Episode dates that changed overnight into their own day-month swap
-- (05/03 one night, 03/05 the next): the mark of an export that switched
-- between dd/mm and mm/dd for some rows. A swapped date with a day above 12
-- does not parse and the gate catches it; one with day and month both 12
-- or under parses either way, so only the night-to-night change shows it.
-- Compared, per council: its latest extract on or before its as-of night
-- against the one before it, for DEC on an episode that kept its key (CHILD, DECOM), and for
-- DECOM itself (the episode's start moved to its swap). Counts per column,
-- no child identifier. Why warn from 1 and error above 5: a social worker
-- correcting one mistyped date can produce a true swap, a handful a night at
-- most (an estimate: the simulated LA makes no such corrections to measure);
-- 30 swapped dates moved ceased and 3+ placements (issue 15), and more than
-- 5 in one night is an export fault, not corrections, so the night is not
-- published. The depends_on line makes Dagster show it as a check on the
-- staging episodes.
-- depends_on: {{ ref('stg_social_care__episodes') }}
{{ config(
    severity='error', warn_if='>0', error_if='>5', fail_calc='coalesce(max(council_swapped), 0)',
    meta={'dagster': {'ref': {'name': 'stg_social_care__episodes'}}}
) }}

with

nights as (

    -- each council's latest two extracts on or before its own night
    select
        ranked_nights.la_code,
        ranked_nights.extract_date,
        ranked_nights.night_rank
    from (
        select
            episode_nights.la_code,
            episode_nights._extract_date as extract_date,
            row_number() over (
                partition by episode_nights.la_code order by episode_nights._extract_date desc
            ) as night_rank
        from {{ extract_nights(source('social_care', 'episodes')) }} as episode_nights
        inner join {{ council_as_of_dates(source('social_care', 'episodes')) }} as council_nights
            on episode_nights.la_code = council_nights.la_code
        where episode_nights._extract_date <= council_nights.as_of_date
    ) as ranked_nights
    where ranked_nights.night_rank <= 2

),

latest as (

    select episode_rows.*
    from {{ source('social_care', 'episodes') }} as episode_rows
    inner join nights
        on
            episode_rows._la_code = nights.la_code
            and episode_rows._extract_date = nights.extract_date
            and nights.night_rank = 1

),

previous as (

    select
        episode_rows.*,
        -- the date with day and month exchanged, where that is another date
        case
            when day(episode_rows."DEC") <= 12 and day(episode_rows."DEC") != month(episode_rows."DEC")
                then make_date(year(episode_rows."DEC"), day(episode_rows."DEC"), month(episode_rows."DEC"))
        end as dec_swapped,
        case
            when day(episode_rows."DECOM") <= 12 and day(episode_rows."DECOM") != month(episode_rows."DECOM")
                then make_date(year(episode_rows."DECOM"), day(episode_rows."DECOM"), month(episode_rows."DECOM"))
        end as decom_swapped
    from {{ source('social_care', 'episodes') }} as episode_rows
    -- a council's second night: with one night only, nothing to compare
    inner join nights
        on
            episode_rows._la_code = nights.la_code
            and episode_rows._extract_date = nights.extract_date
            and nights.night_rank = 2

),

end_swapped as (

    select
        previous._la_code as la_code,
        count(*) as swapped
    from previous
    inner join latest
        on
            previous._la_code = latest._la_code
            and previous."CHILD" = latest."CHILD"
            and previous."DECOM" = latest."DECOM"
    where latest."DEC" = previous.dec_swapped
    group by previous._la_code

),

start_swapped as (

    select
        previous._la_code as la_code,
        count(*) as swapped
    from previous
    inner join latest
        on
            previous._la_code = latest._la_code
            and previous."CHILD" = latest."CHILD"
            and previous.decom_swapped = latest."DECOM"
    where not exists (
            select 1 from latest as still_there
            where
                still_there._la_code = previous._la_code
                and still_there."CHILD" = previous."CHILD"
                and still_there."DECOM" = previous."DECOM"
        )
    group by previous._la_code

),

swapped_dates as (

    select
        la_code,
        'DEC' as column_name,
        swapped
    from end_swapped
    union all
    select
        la_code,
        'DECOM' as column_name,
        swapped
    from start_swapped

)

-- judged per council: one council's export fault, not the warehouse's
select
    la_code,
    column_name,
    swapped,
    sum(swapped) over (partition by la_code) as council_swapped
from swapped_dates
where swapped > 0
