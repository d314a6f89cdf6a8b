-- Children starting and ceasing to be looked after, counted per period of
-- care (the papers count "episodes": a child who comes into care twice in a
-- year is two admissions). Short breaks are excluded. In the month, the
-- financial year to date and the rolling 12 months, each counted from the
-- records over the whole window.
-- Ceased: the period's last episode ended in the window, whatever the
-- reason, including the 18th birthday. Adoptions (E11, E12) and permanence
-- (adoption, SGO E43-E48, child arrangements order E41) are counted too.
-- Adopted % and SGO % (2017/2019 papers 6.8/6.9 and 6.6/6.7): the share of
-- the periods ending in the window that ended in adoption (E11/E12) or in a
-- special guardianship order (E43-E48, CAO excluded), as the DfE "% of
-- children ceasing to be looked after" by reason.
with

windows as (

    select * from {{ ref('int_reporting_windows') }}

),

periods as (

    select * from {{ ref('int_periods_of_care') }}

),

window_totals as (

    select
        windows.la_code,
        windows.period_type,
        windows.period_end,
        count(periods.period_of_care_id) filter (
            where periods.period_start_date between windows.window_start and windows.period_end
        ) as admissions,
        count(periods.period_of_care_id) filter (
            where periods.period_end_date between windows.window_start and windows.period_end
        ) as ceased,
        count(periods.period_of_care_id) filter (
            where
            periods.period_end_date between windows.window_start and windows.period_end
            and periods.reason_ceased in {{ code_list('adopted_reason_ceased') }}
        ) as adopted,
        count(periods.period_of_care_id) filter (
            where
            periods.period_end_date between windows.window_start and windows.period_end
            and periods.reason_ceased in {{ code_list(['cao_reason_ceased', 'sgo_reason_ceased']) }}
        ) as ceased_sgo_cao,
        count(periods.period_of_care_id) filter (
            where
            periods.period_end_date between windows.window_start and windows.period_end
            and periods.reason_ceased in {{ code_list('sgo_reason_ceased') }}
        ) as ceased_sgo,
        count(periods.period_of_care_id) filter (
            where
            periods.period_end_date between windows.window_start and windows.period_end
            and periods.reason_ceased
            in {{ code_list(['adopted_reason_ceased', 'cao_reason_ceased', 'sgo_reason_ceased']) }}
        ) as ceased_permanence
    from windows
    left join periods
        on
            windows.la_code = periods.la_code
            and windows.period_end >= periods.period_start_date
            and (periods.period_end_date is null or windows.window_start <= periods.period_end_date)
    group by windows.la_code, windows.period_type, windows.period_end

)

{{ indicator_rows('window_totals', {
    'lac_admissions_count': 'admissions',
    'lac_ceased_count': 'ceased',
    'adoptions_count': 'adopted',
    'lac_ceased_sgo_cao_count': 'ceased_sgo_cao',
    'lac_ceased_permanence_pct': ['ceased_permanence', 'ceased'],
    'lac_adopted_pct': ['adopted', 'ceased'],
    'lac_ceased_sgo_pct': ['ceased_sgo', 'ceased'],
}) }}
