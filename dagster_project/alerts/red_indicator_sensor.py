"""The sensor that tells the team when an indicator turns Red (see red_indicators.py).

It polls the published warehouse (read-only, as a BI tool does) rather than
hooking into the run, so a re-published night or a restart never repeats an
alert: the cursor remembers which publish it has read and which indicators
it has told about for each month.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg

from dagster_project.alerts.cursor import end_tick, read_cursor, write_cursor
from dagster_project.alerts.messages import for_council, indicator_red_message
from dagster_project.alerts.red_indicators import (
    TurnedRed,
    indicators_turned_red,
    published_run_id,
)
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.councils import CouncilRegistryError, find_councils
from dagster_project.ingest.council import CouncilMismatch
from dagster_project.report import format_value
from dagster_project.resources import LacSettings

# A publish lands once a night; five minutes is quick enough for a morning
# alert and costs one read-only open of the warehouse.
RED_CHECK_INTERVAL_SECONDS = 300

# How many months of "already told" the cursor keeps: a year and a month, so
# a month held back while provisional (up to 12 month ends) and reported when
# it settles is never told twice.
MONTHS_REMEMBERED = 13


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


def _message(item: TurnedRed, run_id: str, ui_base_url: str | None):
    return indicator_red_message(
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


def evaluate_red_indicators(
    *,
    warehouse_path: Path,
    cursor: str | None,
    alerter: SlackAlerter,
    log: Any,
    ui_base_url: str | None,
    multi: bool = False,
) -> tuple[str, str | None]:
    """(skip reason, new cursor); sends one message per newly Red indicator.

    `multi`: the warehouse holds several councils (councils.py): each message
    names its council, and each council's indicators are remembered apart.
    """
    state = read_cursor(cursor)
    run_id = published_run_id(warehouse_path)
    if run_id is None:
        return "No published warehouse yet.", cursor
    if run_id == state.get("run_id"):
        return f"Publish {run_id} already read.", cursor
    turned = indicators_turned_red(warehouse_path)
    alerted: dict[str, list[str]] = state.get("alerted", {})

    def remembered(item: TurnedRed) -> str:
        return f"{item.la_code}/{item.indicator_id}" if multi else item.indicator_id

    new = [t for t in turned if remembered(t) not in alerted.get(t.month.isoformat(), [])]
    sent = 0
    for item in new:
        message = _message(item, run_id, ui_base_url)
        sent += alerter.send(for_council(message, item.la_code if multi else None), log=log)
        alerted.setdefault(item.month.isoformat(), []).append(remembered(item))
    kept = dict(sorted(alerted.items())[-MONTHS_REMEMBERED:])
    reason = (
        f"Publish {run_id}: {len(turned)} indicator(s) turned Red, "
        f"{len(new)} new, {sent} sent to Slack."
    )
    return reason, write_cursor({"run_id": run_id, "alerted": kept})


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
    context: dg.SensorEvaluationContext, slack_alerter: SlackAlerter, lac_settings: LacSettings
):
    settings = lac_settings.settings
    try:
        multi = find_councils(settings).is_multi
    except (CouncilMismatch, CouncilRegistryError):
        multi = False  # the ingest runs say why; the published figures are still read
    reason, cursor = evaluate_red_indicators(
        warehouse_path=settings.warehouse_path,
        cursor=context.cursor,
        alerter=slack_alerter,
        log=context.log,
        ui_base_url=settings.ui_base_url,
        multi=multi,
    )
    return end_tick(context, reason, cursor)
