-- Adoption timeliness (DfE adoption scorecard) for children adopted in the
-- window: periods of care that ended with adoption (E11/E12), the adoption
-- date being the period's end. Month, financial year to date and rolling 12
-- months, each averaged over the adoptions of the whole window (never an
-- average of monthly averages).
--
-- A10 (A1 before 2020): days from entering care (start of the period of
-- care) to moving in with the adoptive family (start of the latest
-- placed-for-adoption placement, A3-A6). Foster-carer rule of the DfE
-- "A10, adjusted for foster carer adoptions": where the child was adopted
-- by their foster carers (AD1 FOSTER_CARE = 1, or an A3/A5 placement, "with
-- current foster carer"), the date the child moved in with those carers is
-- used: the start of the unbroken run of placements with the same URN that
-- leads into the adoption placement. A placement without a URN cannot be
-- chained, so its own start is used. Children never placed for adoption
-- are left out of the average (as the DfE does).
--
-- A2: days from court authority to place (the placement order: AD1
-- DATE_PLACEMENT_ORDER, else the first E1 legal status of the period) to
-- the match with the adopters (AD1 DATE_MATCH). Matched before the order =
-- 0 days; children without an order or a match are left out (DfE).
--
-- Within 12 months of SHOBPA: the adoption date is on or before the same
-- day 12 months after the decision that the child should be placed for
-- adoption. The decision date is AD1 DATE_INT (the same decision as
-- PlacedAdoption DATE_PLACED): AD1 is the record of the adoption itself,
-- one per child, so it names the decision that led to this adoption, where
-- PlacedAdoption can hold earlier decisions that were reversed. An adoption
-- without an AD1 record in its period counts in the denominator (all
-- adoptions) but not as within 12 months.
with

windows as (

    select * from {{ ref('int_reporting_windows') }}

),

periods as (

    select * from {{ ref('int_periods_of_care') }}

),

placements as (

    select * from {{ ref('int_placements') }}

),

episodes as (

    select * from {{ ref('int_episodes_sequenced') }}

),

timelines as (

    select * from {{ ref('int_adoption_timelines_adapted') }}

),

adopted as (

    select
        la_code,
        child_id,
        period_of_care_id,
        period_start_date,
        period_end_date as adoption_date
    from periods
    where reason_ceased in {{ code_list('adopted_reason_ceased') }}

),

carer_changes as (

    select
        la_code,
        period_of_care_id,
        placement_start_date,
        placement_type,
        is_placed_for_adoption,
        -- no URN or a different URN from the placement before: new carers
        not coalesce(
            placement_urn = lag(placement_urn) over (
                partition by la_code, period_of_care_id order by placement_start_date
            ),
            false
        ) as is_new_carer
    from placements

),

carer_runs as (

    select
        *,
        sum(case when is_new_carer then 1 else 0 end) over (
            partition by la_code, period_of_care_id order by placement_start_date rows unbounded preceding
        ) as carer_run_number
    from carer_changes

),

carer_run_starts as (

    select
        *,
        min(placement_start_date) over (
            partition by la_code, period_of_care_id, carer_run_number
        ) as carer_run_start_date
    from carer_runs

),

adoption_placements as (

    -- the placement with the adopters: the latest placed-for-adoption one
    select
        {{ distinct_on('la_code, period_of_care_id') -}}
        la_code,
        period_of_care_id,
        placement_start_date,
        placement_type,
        carer_run_start_date
    from carer_run_starts
    where is_placed_for_adoption
    {{ first_per_partition('la_code, period_of_care_id', 'placement_start_date desc') }}

),

first_placement_orders as (

    select
        la_code,
        period_of_care_id,
        min(episode_start_date) as placement_order_date
    from episodes
    where legal_status = 'E1'
    group by la_code, period_of_care_id

),

period_timelines as (

    -- the AD1 record whose decision was taken in this period of care
    select
        {{ distinct_on('adopted.la_code, adopted.period_of_care_id') -}}
        adopted.la_code,
        adopted.period_of_care_id,
        timelines.decision_to_adopt_date,
        timelines.placement_order_date,
        timelines.matched_date,
        timelines.is_foster_carer_adoption
    from adopted
    inner join timelines
        on
            adopted.la_code = timelines.la_code
            and adopted.child_id = timelines.child_id
            and timelines.decision_to_adopt_date between adopted.period_start_date and adopted.adoption_date
    {{ first_per_partition('adopted.la_code, adopted.period_of_care_id', 'timelines.decision_to_adopt_date desc') }}

),

adoptions as (

    select
        adopted.la_code,
        adopted.period_of_care_id,
        adopted.period_start_date,
        adopted.adoption_date,
        period_timelines.decision_to_adopt_date,
        period_timelines.matched_date,
        coalesce(period_timelines.placement_order_date, first_placement_orders.placement_order_date)
            as placement_order_date,
        case
            when
                coalesce(period_timelines.is_foster_carer_adoption, false)
                or adoption_placements.placement_type in {{ code_list('foster_carer_adoption_placement') }}
                then adoption_placements.carer_run_start_date
            else adoption_placements.placement_start_date
        end as moved_in_date
    from adopted
    left join adoption_placements
        on
            adopted.la_code = adoption_placements.la_code
            and adopted.period_of_care_id = adoption_placements.period_of_care_id
    left join period_timelines
        on
            adopted.la_code = period_timelines.la_code
            and adopted.period_of_care_id = period_timelines.period_of_care_id
    left join first_placement_orders
        on
            adopted.la_code = first_placement_orders.la_code
            and adopted.period_of_care_id = first_placement_orders.period_of_care_id

),

adoption_durations as (

    select
        la_code,
        period_of_care_id,
        adoption_date,
        datediff('day', period_start_date, moved_in_date) as days_to_move_in,
        -- not greatest(): it skips nulls, and no order or no match must stay null
        case
            when matched_date < placement_order_date then 0
            else datediff('day', placement_order_date, matched_date)
        end as days_order_to_match,
        coalesce(adoption_date <= decision_to_adopt_date + interval '12 month', false)
            as is_within_12_months_of_decision
    from adoptions

),

window_totals as (

    select
        windows.la_code,
        windows.period_type,
        windows.period_end,
        count(adoption_durations.period_of_care_id) as adoptions,
        count(adoption_durations.period_of_care_id) filter (
            where adoption_durations.is_within_12_months_of_decision
        ) as adoptions_within_12_months,
        count(adoption_durations.days_to_move_in) as adoptions_with_move_in,
        coalesce(sum(adoption_durations.days_to_move_in), 0) as days_to_move_in,
        count(adoption_durations.days_order_to_match) as adoptions_with_match,
        coalesce(sum(adoption_durations.days_order_to_match), 0) as days_order_to_match
    from windows
    left join adoption_durations
        on
            windows.la_code = adoption_durations.la_code
            and adoption_durations.adoption_date between windows.window_start and windows.period_end
    group by windows.la_code, windows.period_type, windows.period_end

)

-- averages: numerator = total days, denominator = adoptions averaged; no
-- adoption in the window gives 0 / 0, so a null average, never a zero one
{{ indicator_rows('window_totals', {
    'adoption_a10_avg_days': ['days_to_move_in', 'adoptions_with_move_in'],
    'adoption_a2_avg_days': ['days_order_to_match', 'adoptions_with_match'],
    'adoptions_within_12m_shobpa_count': 'adoptions_within_12_months',
    'adoptions_within_12m_shobpa_pct': ['adoptions_within_12_months', 'adoptions'],
}) }}
