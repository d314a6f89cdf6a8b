-- For each figure (indicator, period type, period end), how many children in
-- its cohort have a record behind it that was repaired or quarantined
-- (int_data_quality_findings), so an analyst can see which figures a defect
-- touches. A finding touches the indicators its table feeds (seed
-- data_quality_indicator_scope). The cohort:
-- - care leavers' indicators: the care leavers at the period end;
-- - in-window counts of periods of care (admissions, ceased, adoption,
--   permanence and adoption timeliness): the children with a period of
--   care open at any time in the window;
-- - figures about carers and workers (foster households, caseloads): no
--   child cohort, so 0 (their defects are counted in marts.data_quality);
-- - every other indicator: the children looked after at the period end.
-- A child whose episode was quarantined as an impossible sequence may be
-- missing from a cohort because of it, so they count as affected wherever
-- the quarantined episode could have put them: looked after from birth (a
-- start before birth says only that the true start is later) to the
-- episode's end, a care leaver from that end to their 21st birthday.
with

indicators as (

    select * from {{ ref('indicators') }}

),

scope as (

    select * from {{ ref('data_quality_indicator_scope') }}

),

findings as (

    select distinct
        la_code,
        source,
        table_name,
        child_id
    from {{ ref('int_data_quality_findings') }}
    -- a dropped duplicate loses nothing: the first copy is kept
    where child_id is not null and coalesce(rule, '') not like 'duplicate_row:%'

),

windows as (

    select * from {{ ref('int_reporting_windows') }}

),

looked_after as (

    select * from {{ ref('int_children_looked_after_monthly') }}

),

care_leavers as (

    select * from {{ ref('int_care_leavers_monthly') }}

),

periods as (

    select * from {{ ref('int_periods_of_care') }}

),

spine as (

    select * from {{ ref('int_month_spine') }}

),

quarantined_spans as (

    select
        la_code,
        child_id,
        episode_end_date as span_end_date,
        birth_date,
        coalesce(birth_date, episode_start_date) as span_start_date
    from {{ ref('int_episodes_checked') }}
    where quarantine_rule is not null

),

cohort_members as (

    select
        'looked_after' as cohort,
        la_code,
        child_id,
        period_end
    from looked_after
    union
    select
        'care_leavers' as cohort,
        la_code,
        child_id,
        period_end
    from care_leavers
    union
    select
        'looked_after' as cohort,
        quarantined_spans.la_code,
        quarantined_spans.child_id,
        spine.period_end
    from quarantined_spans
    inner join spine
        on
            quarantined_spans.la_code = spine.la_code
            and quarantined_spans.span_start_date <= spine.period_end
            and (quarantined_spans.span_end_date is null or quarantined_spans.span_end_date > spine.period_end)
    union
    select
        'care_leavers' as cohort,
        quarantined_spans.la_code,
        quarantined_spans.child_id,
        spine.period_end
    from quarantined_spans
    inner join spine
        on
            quarantined_spans.la_code = spine.la_code
            and quarantined_spans.span_end_date <= spine.period_end
            and quarantined_spans.birth_date + interval '22 year' > spine.period_end

),

periods_and_spans as (

    select
        la_code,
        child_id,
        period_start_date,
        period_end_date
    from periods
    union all
    select
        la_code,
        child_id,
        span_start_date as period_start_date,
        span_end_date as period_end_date
    from quarantined_spans

),

indicator_cohorts as (

    select
        indicator_id,
        case
            when indicator_id like 'care_leavers_%' then 'care_leavers'
            when
                indicator_id in (
                    'lac_admissions_count', 'lac_ceased_count', 'adoptions_count', 'lac_adopted_pct',
                    'lac_ceased_sgo_cao_count', 'lac_ceased_sgo_pct', 'lac_ceased_permanence_pct'
                )
                or indicator_id like 'adoption%'
                then 'periods_in_window'
            when
                indicator_id like 'foster_households_%'
                or indicator_id like 'placements_created_%'
                or indicator_id like 'lac_sw_%'
                then 'no_children'
            else 'looked_after'
        end as cohort
    from indicators

),

affected_children as (

    select distinct
        findings.la_code,
        indicator_cohorts.indicator_id,
        indicator_cohorts.cohort,
        findings.child_id
    from indicator_cohorts
    inner join scope
        on indicator_cohorts.indicator_id like scope.indicator_id_like
    inner join findings
        on
            scope.source = findings.source
            and scope.table_name = findings.table_name
    where indicator_cohorts.cohort <> 'no_children'

),

-- month-end cohorts are the same whatever the period type of the figure
month_end_counts as (

    select
        affected_children.la_code,
        affected_children.indicator_id,
        cohort_members.period_end,
        count(distinct affected_children.child_id) as children_affected
    from affected_children
    inner join cohort_members
        on
            affected_children.la_code = cohort_members.la_code
            and affected_children.child_id = cohort_members.child_id
            and affected_children.cohort = cohort_members.cohort
    group by affected_children.la_code, affected_children.indicator_id, cohort_members.period_end

),

window_counts as (

    select
        affected_children.la_code,
        affected_children.indicator_id,
        windows.period_type,
        windows.period_end,
        count(distinct affected_children.child_id) as children_affected
    from affected_children
    inner join periods_and_spans as periods
        on
            affected_children.la_code = periods.la_code
            and affected_children.child_id = periods.child_id
    inner join windows
        on
            periods.la_code = windows.la_code
            and periods.period_start_date <= windows.period_end
            and (periods.period_end_date is null or periods.period_end_date >= windows.window_start)
    where affected_children.cohort = 'periods_in_window'
    group by affected_children.la_code, affected_children.indicator_id, windows.period_type, windows.period_end

)

select
    month_end_counts.la_code,
    month_end_counts.indicator_id,
    period_types.period_type,
    month_end_counts.period_end,
    month_end_counts.children_affected
from month_end_counts
cross join (values ('month'), ('fytd'), ('rolling_12_months'), ('term')) as period_types (period_type)
union all
select
    la_code,
    indicator_id,
    period_type,
    period_end,
    children_affected
from window_counts
