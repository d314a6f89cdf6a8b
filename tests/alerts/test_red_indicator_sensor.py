"""The indicator-turned-Red sensor, run through Dagster against a small
published warehouse file with the marts' own column names."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.alerts.slack import SlackAlerter
from dagster_project.red_indicator_alerts import slack_on_indicators_turned_red
from tests.support.fake_slack import FakeSlack

OCTOBER, SEPTEMBER = dt.date(2026, 10, 31), dt.date(2026, 9, 30)


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("LAC_WAREHOUSE_PATH", str(path))
    return path


def publish(path: Path, run_id: str, ratings: dict[str, tuple[str | None, str | None]]) -> None:
    """A published warehouse whose October and September RAG per indicator are
    `ratings[id] = (october, september)`; replaced whole, as the pipeline does."""
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.publish_info as select ?::varchar as run_id", [run_id])
        con.execute(
            "create table marts.performance_summary (la_code varchar, indicator_id varchar,"
            " reference varchar, indicator varchar, unit varchar, summary_period_type varchar,"
            " period_end date, value double, red_threshold varchar, rag varchar,"
            " display_order integer)"
        )
        con.execute(
            "create table marts.indicator_rag (la_code varchar, indicator_id varchar,"
            " period_type varchar, period_end date, rag varchar)"
        )
        for order, (indicator, (october, september)) in enumerate(ratings.items()):
            con.execute(
                "insert into marts.performance_summary values"
                " ('999', ?, ?, ?, 'percentage', 'month', ?, 81.24, '<87%', ?, ?)",
                [indicator, f"4.{order}", f"Title of {indicator}", OCTOBER, october, order],
            )
            for month, rag in ((OCTOBER, october), (SEPTEMBER, september)):
                con.execute(
                    "insert into marts.indicator_rag values ('999', ?, 'month', ?, ?)",
                    [indicator, month, rag],
                )


def tick(alerter: SlackAlerter, cursor: str | None = None) -> tuple[str, str | None]:
    context = dg.build_sensor_context(cursor=cursor, resources={"slack_alerter": alerter})
    outcome = slack_on_indicators_turned_red(context)
    return outcome.skip_message, context.cursor


def test_only_indicators_newly_red_are_sent_once(
    warehouse: Path, alerter: SlackAlerter, fake_slack: FakeSlack
) -> None:
    publish(
        warehouse,
        "run-1",
        {
            "health": ("red", "amber"),  # turned red: alert
            "dental": ("red", "red"),  # still red: not news
            "visits": ("amber", "red"),  # recovered: no alert
            "reviews": ("red", None),  # first rated month: alert
        },
    )
    reason, cursor = tick(alerter)
    assert "2 indicator(s) turned Red, 2 new, 2 sent" in reason
    texts = [m["text"] for m in fake_slack.messages]
    assert [t.splitlines()[0] for t in texts] == [
        "Indicator Red: Title of health",
        "Indicator Red: Title of reviews",
    ]
    assert "Month: October 2026 (was amber)" in texts[0]
    assert "Value: 81.2%   Red: <87%" in texts[0]
    assert "no rating the month before" in texts[1]
    assert "/runs/run-1" in texts[0]  # the run that published it
    assert json.loads(cursor)["alerted"] == {"2026-10-31": ["health", "reviews"]}

    # The same publish read again: nothing.
    reason, same = tick(alerter, cursor)
    assert "already read" in reason and same == cursor
    # The next night republishes the same month: still nothing new.
    publish(warehouse, "run-2", {"health": ("red", "amber"), "reviews": ("red", None)})
    reason, _ = tick(alerter, cursor)
    assert "0 new, 0 sent" in reason
    assert len(fake_slack.messages) == 2


def test_no_published_warehouse_yet(warehouse: Path, alerter: SlackAlerter) -> None:
    reason, cursor = tick(alerter)
    assert reason == "No published warehouse yet." and cursor is None
