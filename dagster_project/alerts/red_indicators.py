"""Which indicators turned Red in the night's publish.

After each night's publish, the latest month of the published performance
summary is compared with the month before: every indicator rated Red now
and not Red before is news. A provisional month (recording still catching
up, docs/provisional_months.md) counts only when the value it is expected to
settle at is Red too, so late recording alone never raises the alarm. A
month of the last year held back that way counts once it has settled (no
longer provisional), if it is Red then. Read-only, as a BI tool reads the
warehouse; the sensor that sends the messages is red_indicator_sensor.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

TURNED_RED_SQL = """
with latest_month as (
    -- Each council's own latest month (a warehouse may hold several).
    select la_code, max(period_end) as period_end from marts.performance_summary
    group by la_code
),
held_back as (
    -- Earlier months of the last year that were provisional at their first
    -- report and have settled since: their turn to Red is news now.
    select summary.*
    from marts.performance_summary as summary
    inner join latest_month on summary.la_code = latest_month.la_code
    inner join marts.indicator_revisions as first_report
        on first_report.la_code = summary.la_code
        and first_report.indicator_id = summary.indicator_id
        and first_report.period_type = summary.summary_period_type
        and first_report.period_end = summary.period_end
        and first_report.is_first_published
    where summary.period_end < latest_month.period_end
        and summary.period_end > latest_month.period_end - interval 12 month
        and first_report.is_provisional
        and not summary.is_provisional
),
latest as (
    select summary.* from marts.performance_summary as summary
    inner join latest_month
        on summary.la_code = latest_month.la_code
        and summary.period_end = latest_month.period_end
    union all
    select * from held_back
)
select
    latest.indicator_id,
    latest.reference,
    latest.indicator,
    latest.unit,
    latest.period_end,
    latest.value,
    latest.red_threshold,
    before.rag as previous_rag,
    latest.is_provisional,
    latest.expected_final_value,
    latest.expected_final_low,
    latest.expected_final_high,
    latest.la_code
from latest
left join marts.indicator_rag as before
    on before.la_code = latest.la_code
    and before.indicator_id = latest.indicator_id
    and before.period_type = latest.summary_period_type
    and before.period_end = last_day(latest.period_end - interval 1 month)
where latest.rag = 'red' and before.rag is distinct from 'red'
    and (not coalesce(latest.is_provisional, false) or latest.expected_final_rag = 'red')
order by latest.la_code, latest.period_end, latest.display_order nulls last, latest.indicator_id
"""


@dataclass(frozen=True)
class TurnedRed:
    indicator_id: str
    reference: str | None
    title: str
    unit: str
    month: dt.date
    value: float | None
    red_threshold: str | None
    previous_rag: str | None
    is_provisional: bool | None = False
    expected_final_value: float | None = None
    expected_final_low: float | None = None
    expected_final_high: float | None = None
    la_code: str | None = None


def published_run_id(warehouse_path: Path) -> str | None:
    if not warehouse_path.exists():
        return None
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        row = con.execute("select run_id from marts.publish_info").fetchone()
    return row[0] if row else None


def indicators_turned_red(warehouse_path: Path) -> list[TurnedRed]:
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        rows = con.execute(TURNED_RED_SQL).fetchall()
    return [TurnedRed(*row) for row in rows]
