-- Episode dates that changed overnight into their own day-month swap
-- (05/03 one night, 03/05 the next): the mark of an export that switched
-- between dd/mm and mm/dd for some rows. A swapped date with a day above 12
-- does not parse and the gate catches it; one with day and month both 12
-- or under parses either way, so only the night-to-night change shows it.
-- Compared: the latest extract on or before the as-of date against the one
-- before it, for DEC on an episode that kept its key (CHILD, DECOM), and for
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
    severity='error', warn_if='>0', error_if='>5', fail_calc='coalesce(sum(swapped), 0)',
    meta={'dagster': {'ref': {'name': 'stg_social_care__episodes'}}}
) }}

with

nights as (

    select episode_nights._extract_date as extract_date
    from {{ extract_nights(source('social_care', 'episodes')) }} as episode_nights
    where episode_nights._extract_date <= {{ as_of_date() }}
    order by extract_date desc
    limit 2

),

latest as (

    select * from {{ source('social_care', 'episodes') }}
    where _extract_date = (select max(nights.extract_date) from nights)

),

previous as (

    select
        *,
        -- the date with day and month exchanged, where that is another date
        case
            when day("DEC") <= 12 and day("DEC") != month("DEC")
                then make_date(year("DEC"), day("DEC"), month("DEC"))
        end as dec_swapped,
        case
            when day("DECOM") <= 12 and day("DECOM") != month("DECOM")
                then make_date(year("DECOM"), day("DECOM"), month("DECOM"))
        end as decom_swapped
    from {{ source('social_care', 'episodes') }}
    where
        _extract_date = (select min(nights.extract_date) from nights)
        and (select count(*) from nights) = 2

),

end_swapped as (

    select count(*) as swapped
    from previous
    inner join latest
        on previous."CHILD" = latest."CHILD" and previous."DECOM" = latest."DECOM"
    where latest."DEC" = previous.dec_swapped

),

start_swapped as (

    select count(*) as swapped
    from previous
    inner join latest
        on previous."CHILD" = latest."CHILD" and previous.decom_swapped = latest."DECOM"
    where not exists (
            select 1 from latest as still_there
            where still_there."CHILD" = previous."CHILD" and still_there."DECOM" = previous."DECOM"
        )

)

select
    'DEC' as column_name,
    swapped
from end_swapped
where swapped > 0
union all
select
    'DECOM' as column_name,
    swapped
from start_swapped
where swapped > 0
