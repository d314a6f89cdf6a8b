-- Each council's targets and RAG tolerances (seed indicator_targets), one
-- row per council, indicator and date range, ranges never overlapping.
--
-- A target row with a blank la_code is every council's; a row naming a
-- council is that council's own, and wins over the blank rows for the days
-- it covers: a council that sets its own 2024/25 target keeps the shipped
-- targets for every other year. How: every range boundary of the council's
-- candidate rows cuts its timeline into pieces; each piece takes the
-- council's own row if one covers it, else the blank row; consecutive
-- pieces of the same row are merged back into one range. With no council
-- rows (the shipped seed) every council gets the blank rows unchanged.
-- target_scope says which kind each range came from.
with

councils as (

    select la_code from {{ ref('stg_pipeline__councils') }}

),

targets as (

    select
        *,
        coalesce(trim(la_code), '') = '' as is_every_council
    from {{ ref('indicator_targets') }}

),

candidates as (

    -- Each council's own rows (priority 1) and the rows of every council (2).
    select
        councils.la_code,
        targets.indicator_id,
        targets.valid_from,
        targets.valid_to,
        targets.paper_financial_year,
        targets.method,
        targets.direction,
        targets.green_threshold,
        targets.amber_threshold,
        targets.range_low,
        targets.range_high,
        targets.range_amber_margin,
        targets.note,
        case when targets.is_every_council then 2 else 1 end as target_priority
    from councils
    inner join targets
        on
            targets.is_every_council
            or councils.la_code = trim(targets.la_code)

),

boundaries as (

    select
        la_code,
        indicator_id,
        valid_from as piece_start
    from candidates
    union
    select
        la_code,
        indicator_id,
        cast(valid_to + interval '1 day' as date) as piece_start
    from candidates

),

pieces as (

    select
        la_code,
        indicator_id,
        piece_start,
        cast(
            lead(piece_start) over (partition by la_code, indicator_id order by piece_start)
            - interval '1 day' as date
        ) as piece_end
    from boundaries

),

-- No boundary falls inside a piece, so a row covering its first day covers
-- all of it. Among the rows covering it: the council's own, then (rows of
-- one kind should not overlap) the one starting later.
piece_rows as (

    select
        {{ distinct_on('pieces.la_code, pieces.indicator_id, pieces.piece_start') -}}
        pieces.la_code,
        pieces.indicator_id,
        pieces.piece_start,
        pieces.piece_end,
        candidates.target_priority,
        candidates.valid_from as row_valid_from
    from pieces
    inner join candidates
        on
            pieces.la_code = candidates.la_code
            and pieces.indicator_id = candidates.indicator_id
            and pieces.piece_start between candidates.valid_from and candidates.valid_to
    where pieces.piece_end is not null
    {{ first_per_partition(
        'pieces.la_code, pieces.indicator_id, pieces.piece_start',
        'candidates.target_priority, candidates.valid_from desc'
    ) }}

),

-- Runs of consecutive pieces taken from the same row (gaps and islands).
islands as (

    select
        *,
        row_number() over (partition by la_code, indicator_id order by piece_start)
        - row_number() over (
            partition by la_code, indicator_id, target_priority, row_valid_from
            order by piece_start
        ) as island
    from piece_rows

),

ranges as (

    select
        la_code,
        indicator_id,
        target_priority,
        row_valid_from,
        min(piece_start) as valid_from,
        max(piece_end) as valid_to
    from islands
    group by la_code, indicator_id, target_priority, row_valid_from, island

)

select
    cast(ranges.la_code as varchar) as la_code,
    cast(ranges.indicator_id as varchar) as indicator_id,
    cast(ranges.valid_from as date) as valid_from,
    cast(ranges.valid_to as date) as valid_to,
    cast(case when ranges.target_priority = 1 then 'council' else 'every council' end as varchar)
        as target_scope,
    candidates.paper_financial_year,
    candidates.method,
    candidates.direction,
    candidates.green_threshold,
    candidates.amber_threshold,
    candidates.range_low,
    candidates.range_high,
    candidates.range_amber_margin,
    candidates.note
from ranges
inner join candidates
    on
        ranges.la_code = candidates.la_code
        and ranges.indicator_id = candidates.indicator_id
        and ranges.target_priority = candidates.target_priority
        and ranges.row_valid_from = candidates.valid_from
