"""Tell the team when an indicator turns Red.

After each night's publish, the latest month of the published performance
summary is compared with the month before: every indicator rated Red now
and not Red before gets one Slack message. A provisional month (recording
still catching up, docs/provisional_months.md) is only reported when the
value it is expected to settle at is Red too, so late recording alone never
raises the alarm; the message then gives the value as recorded beside the
expected final value and its 80% interval. A month of the last year held
back that way is reported once it has settled (no longer provisional), if
it is Red then. The sensor polls the published
warehouse (read-only, as a BI tool does) rather than hooking into the run,
so a re-published night or a restart never repeats an alert: the cursor
remembers which publish it has read and which indicators it has told about
for each month.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from dagster_project.alerts.messages import indicator_red_message
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.report import format_value
from dagster_project.settings import load_settings

# A publish lands once a night; five minutes is quick enough for a morning
# alert and costs one read-only open of the warehouse.
RED_CHECK_INTERVAL_SECONDS = 300

# How many months of "already told" the cursor keeps: a year and a month, so
# a month held back while provisional (up to 12 month ends) and reported when
# it settles is never told twice.
MONTHS_REMEMBERED = 13

TURNED_RED_SQL = """
with latest_month as (
    select max(period_end) as period_end from marts.performance_summary
),
held_back as (
    -- Earlier months of the last year that were provisional at their first
    -- report and have settled since: their turn to Red is news now.
    select summary.*
    from marts.performance_summary as summary
    cross join latest_month
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
    where summary.period_end = (select period_end from latest_month)
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
    latest.expected_final_high
from latest
left join marts.indicator_rag as before
    on before.la_code = latest.la_code
    and before.indicator_id = latest.indicator_id
    and before.period_type = latest.summary_period_type
    and before.period_end = last_day(latest.period_end - interval 1 month)
where latest.rag = 'red' and before.rag is distinct from 'red'
    and (not coalesce(latest.is_provisional, false) or latest.expected_final_rag = 'red')
order by latest.period_end, latest.display_order nulls last, latest.indicator_id
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


def _provisional_texts(item: TurnedRed) -> dict[str, str | None]:
    """The expected final value and its interval, for a provisional month only."""
    if not item.is_provisional or item.expected_final_value is None:
        return {}
    interval = None
    if item.expected_final_low is not None and item.expected_final_high is not None:
        interval = (
            f"{format_value(item.expected_final_low, item.unit)}"
            f"-{format_value(item.expected_final_high, item.unit)}"
        )
    return {
        "expected_text": format_value(item.expected_final_value, item.unit),
        "interval_text": interval,
    }


def _load_cursor(cursor: str | None) -> dict[str, Any]:
    try:
        state = json.loads(cursor) if cursor else {}
    except json.JSONDecodeError:
        state = {}
    return {"run_id": state.get("run_id"), "alerted": state.get("alerted", {})}


def evaluate_red_indicators(
    *,
    warehouse_path: Path,
    cursor: str | None,
    alerter: SlackAlerter,
    log: Any,
    ui_base_url: str | None,
) -> tuple[str, str | None]:
    """(skip reason, new cursor); sends one message per newly Red indicator."""
    state = _load_cursor(cursor)
    run_id = published_run_id(warehouse_path)
    if run_id is None:
        return "No published warehouse yet.", cursor
    if run_id == state["run_id"]:
        return f"Publish {run_id} already read.", cursor
    turned = indicators_turned_red(warehouse_path)
    alerted: dict[str, list[str]] = state["alerted"]
    sent = 0
    new = [t for t in turned if t.indicator_id not in alerted.get(t.month.isoformat(), [])]
    for item in new:
        message = indicator_red_message(
            indicator_title=item.title,
            reference=item.reference,
            value_text=format_value(item.value, item.unit),
            red_threshold=item.red_threshold,
            previous_rag=item.previous_rag,
            month=item.month,
            run_id=run_id,
            ui_base_url=ui_base_url,
            **_provisional_texts(item),
        )
        sent += alerter.send(message, log=log)
        alerted.setdefault(item.month.isoformat(), []).append(item.indicator_id)
    kept = dict(sorted(alerted.items())[-MONTHS_REMEMBERED:])
    new_cursor = json.dumps({"run_id": run_id, "alerted": kept}, sort_keys=True)
    reason = (
        f"Publish {run_id}: {len(turned)} indicator(s) turned Red, "
        f"{len(new)} new, {sent} sent to Slack."
    )
    return reason, new_cursor


@dg.sensor(
    name="slack_on_indicators_turned_red",
    description=(
        "After each publish, posts to Slack every indicator whose latest month is Red "
        "and was not Red the month before (a provisional month only if its expected "
        "final value is Red too); once per indicator and month."
    ),
    minimum_interval_seconds=RED_CHECK_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def slack_on_indicators_turned_red(
    context: dg.SensorEvaluationContext, slack_alerter: SlackAlerter
):
    settings = load_settings()
    reason, cursor = evaluate_red_indicators(
        warehouse_path=settings.warehouse_path,
        cursor=context.cursor,
        alerter=slack_alerter,
        log=context.log,
        ui_base_url=settings.ui_base_url,
    )
    if cursor is not None and cursor != context.cursor:
        context.update_cursor(cursor)
    return dg.SkipReason(reason)
