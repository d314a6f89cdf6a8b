-- A financial-year-to-date count can never be below the same month's count
-- (the year to date contains the month). Fails on each row where it is.
select
    months.la_code,
    months.indicator_id,
    months.period_end,
    months.numerator as month_numerator,
    fytd.numerator as fytd_numerator
from {{ ref('indicator_values') }} as months
inner join {{ ref('indicator_values') }} as fytd
    on
        months.la_code = fytd.la_code
        and months.indicator_id = fytd.indicator_id
        and months.period_end = fytd.period_end
        and fytd.period_type = 'fytd'
where
    months.period_type = 'month'
    and months.unit = 'count'
    and fytd.numerator < months.numerator
