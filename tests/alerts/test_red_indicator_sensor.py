"""The indicator-turned-Red sensor, run through Dagster against a small
published warehouse file with the marts' own column names."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.alerts.red_indicator_sensor import slack_on_indicators_turned_red
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.resources import LacSettings
from tests.support.fake_slack import FakeSlack

OCTOBER, SEPTEMBER, AUGUST = dt.date(2026, 10, 31), dt.date(2026, 9, 30), dt.date(2026, 8, 31)


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"


@pytest.fixture
def tick(warehouse: Path):
    """One evaluation of the real sensor on `warehouse`: (skip reason, cursor)."""
    settings = LacSettings(warehouse_path=str(warehouse), ui_base_url="http://dagster.test:3000")

    def _tick(alerter: SlackAlerter, cursor: str | None = None) -> tuple[str, str | None]:
        context = dg.build_sensor_context(
            cursor=cursor, resources={"slack_alerter": alerter, "lac_settings": settings}
        )
        outcome = slack_on_indicators_turned_red(context)
        return outcome.skip_message, context.cursor

    return _tick


def publish(
    path: Path,
    run_id: str,
    ratings: dict[str, tuple[str | None, str | None]],
    provisional: dict[str, tuple[float, float, float, str]] | None = None,
) -> None:
    """A published warehouse whose October and September RAG per indicator are
    `ratings[id] = (october, september)`; replaced whole, as the pipeline does.
    `provisional[id] = (expected, low, high, expected_rag)` makes October
    provisional for that indicator, with its nowcast."""
    provisional = provisional or {}
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.publish_info as select ?::varchar as run_id", [run_id])
        con.execute(
            "create table marts.performance_summary (la_code varchar, indicator_id varchar,"
            " reference varchar, indicator varchar, unit varchar, summary_period_type varchar,"
            " period_end date, value double, red_threshold varchar, rag varchar,"
            " display_order integer, is_provisional boolean, expected_final_value double,"
            " expected_final_low double, expected_final_high double, expected_final_rag varchar)"
        )
        con.execute(
            "create table marts.indicator_rag (la_code varchar, indicator_id varchar,"
            " period_type varchar, period_end date, rag varchar)"
        )
        con.execute(
            "create table marts.indicator_revisions (la_code varchar, indicator_id varchar,"
            " period_type varchar, period_end date, is_first_published boolean,"
            " is_provisional boolean)"
        )
        for order, (indicator, (october, september)) in enumerate(ratings.items()):
            expected, low, high, expected_rag = provisional.get(indicator, (None,) * 4)
            con.execute(
                "insert into marts.performance_summary values"
                " ('999', ?, ?, ?, 'percentage', 'month', ?, 81.24, '<87%', ?, ?, ?, ?, ?, ?, ?)",
                [
                    indicator,
                    f"4.{order}",
                    f"Title of {indicator}",
                    OCTOBER,
                    october,
                    order,
                    indicator in provisional,
                    expected,
                    low,
                    high,
                    expected_rag,
                ],
            )
            for month, rag in ((OCTOBER, october), (SEPTEMBER, september)):
                con.execute(
                    "insert into marts.indicator_rag values ('999', ?, 'month', ?, ?)",
                    [indicator, month, rag],
                )


def test_only_indicators_newly_red_are_sent_once(
    warehouse: Path, alerter: SlackAlerter, fake_slack: FakeSlack, tick
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
    assert "Value: 81.2%   Red: &lt;87%" in texts[0]  # escaped for Slack
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


def test_no_published_warehouse_yet(warehouse: Path, alerter: SlackAlerter, tick) -> None:
    reason, cursor = tick(alerter)
    assert reason == "No published warehouse yet." and cursor is None


def test_provisional_month_alerts_only_when_its_nowcast_is_red_too(
    warehouse: Path, alerter: SlackAlerter, fake_slack: FakeSlack, tick
) -> None:
    """Recorded Red while recording catches up: silence if the month is expected
    to settle out of Red; an alert giving both figures if it is expected to stay Red."""
    publish(
        warehouse,
        "run-1",
        {
            "health": ("red", "amber"),  # provisional, expected to settle Amber
            "dental": ("red", "green"),  # provisional, expected to stay Red
            "visits": ("red", "amber"),  # not provisional: alert as before
        },
        provisional={
            "health": (88.0, 85.0, 90.0, "amber"),
            "dental": (84.0, 82.04, 86.0, "red"),
        },
    )
    reason, cursor = tick(alerter)
    assert "2 indicator(s) turned Red, 2 new, 2 sent" in reason
    texts = [m["text"] for m in fake_slack.messages]
    assert [t.splitlines()[0] for t in texts] == [
        "Indicator Red: Title of dental",
        "Indicator Red: Title of visits",
    ]
    assert (
        "Provisional: October Title of dental: 81.2% as recorded, expected 84.0% "
        "(80% interval 82.0%-86.0%) once recording catches up"
    ) in texts[0]
    assert "Provisional" not in texts[1]
    assert json.loads(cursor)["alerted"] == {"2026-10-31": ["dental", "visits"]}


def add_settled_september(path: Path, indicator: str, provisional_at_first_report: bool) -> None:
    """September Red and no longer provisional tonight, after an Amber August."""
    with duckdb.connect(str(path)) as con:
        con.execute(
            "insert into marts.performance_summary values ('999', ?, '4.9', ?, 'percentage',"
            " 'month', ?, 80.0, '<85%', 'red', 1, false, null, null, null, null)",
            [indicator, f"Title of {indicator}", SEPTEMBER],
        )
        con.execute(
            "insert into marts.indicator_rag values ('999', ?, 'month', ?, 'amber')",
            [indicator, AUGUST],
        )
        con.execute(
            "insert into marts.indicator_revisions values ('999', ?, 'month', ?, true, ?)",
            [indicator, SEPTEMBER, provisional_at_first_report],
        )


def test_a_month_held_back_while_provisional_is_told_once_it_settles_red(
    warehouse: Path, alerter: SlackAlerter, fake_slack: FakeSlack, tick
) -> None:
    """September was provisional at its first report (so no alert then); tonight
    it has settled, still Red after an Amber August: that is news now, once.
    Dental's September was never provisional: it was the latest month once and
    had its chance then."""
    publish(warehouse, "run-1", {"visits": ("green", "green")})
    add_settled_september(warehouse, "health", provisional_at_first_report=True)
    add_settled_september(warehouse, "dental", provisional_at_first_report=False)
    reason, cursor = tick(alerter)
    assert "1 indicator(s) turned Red, 1 new, 1 sent" in reason
    [text] = [m["text"] for m in fake_slack.messages]
    assert text.splitlines()[0] == "Indicator Red: Title of health"
    assert "Month: September 2026 (was amber)" in text
    assert "Provisional" not in text  # settled: the recorded value is the figure
    assert json.loads(cursor)["alerted"] == {"2026-09-30": ["health"]}
    # Next night, same state: not told again.
    publish(warehouse, "run-2", {"visits": ("green", "green")})
    add_settled_september(warehouse, "health", provisional_at_first_report=True)
    reason, _ = tick(alerter, cursor)
    assert "1 indicator(s) turned Red, 0 new, 0 sent" in reason
