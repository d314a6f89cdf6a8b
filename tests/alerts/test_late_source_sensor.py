"""The late-source sensor: a tmp raw history, evaluated through the real sensor."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from contract import load_contract
from dagster_project import raw_history
from dagster_project.alerts.late_source_sensor import late_source_sensor
from dagster_project.alerts.late_sources import (
    NIGHTLY_RUN_DONE_BY,
    local_today,
    nightly_run_done,
    source_statuses,
)
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.resources import LacSettings
from tests.support.fake_slack import FakeSlack

CONTRACT = load_contract()


def _write_log(path: Path, rows: list[tuple[str, dt.date, str]]) -> None:
    """(source, extract_date, status) rows in the raw history's `_extract_log`."""
    con = raw_history.connect(path)
    try:
        for source, extract_date, status in rows:
            table = CONTRACT.source(source).tables[0]
            con.execute(
                "insert into _extract_log (source, table_name, extract_date, file_name, status,"
                " reason, rows_read) values (?, ?, ?, ?, ?, ?, ?)",
                [source, table.name, extract_date, table.file, status, None, 10],
            )
    finally:
        con.close()


def _fresh_rows(today: dt.date) -> list[tuple[str, dt.date, str]]:
    return [(s.name, today, "accepted") for s in CONTRACT.sources]


@pytest.fixture
def raw_db(lac_settings: LacSettings) -> Path:
    return lac_settings.settings.raw_db_path  # a tmp path (the conftest's settings)


@pytest.fixture
def tick(lac_settings: LacSettings):
    """One evaluation of the real sensor with the resources injected: (outcome, cursor)."""

    def _tick(alerter: SlackAlerter, cursor: str | None = None):
        context = dg.build_sensor_context(
            cursor=cursor, resources={"slack_alerter": alerter, "lac_settings": lac_settings}
        )
        outcome = late_source_sensor(context)
        return outcome, context.cursor

    return _tick


def london_today() -> dt.date:
    return local_today(LacSettings().settings.timezone)


def test_old_extract_alerts_once_fresh_ones_not(
    raw_db: Path, alerter: SlackAlerter, fake_slack: FakeSlack, tick
) -> None:
    today = london_today()
    rows = [r for r in _fresh_rows(today) if r[0] != "health"]
    rows.append(("health", today - dt.timedelta(days=20), "accepted"))
    _write_log(raw_db, rows)

    outcome, cursor = tick(alerter)
    assert isinstance(outcome, dg.SkipReason)
    assert "1 late, 1 newly alerted" in outcome.skip_message
    assert len(fake_slack.messages) == 1
    text = fake_slack.messages[0]["text"]
    newest = (today - dt.timedelta(days=20)).isoformat()
    assert "Source late: health" in text
    assert newest in text
    assert "every 7 days" in text
    assert "Days overdue: 13" in text  # 20 days old, due after 7
    assert json.loads(cursor) == {"health": newest}

    # Next tick, nothing new: no repeat.
    outcome, cursor2 = tick(alerter, cursor)
    assert len(fake_slack.messages) == 1
    assert "already alerted" in outcome.skip_message
    assert cursor2 == cursor


def test_all_fresh_sends_nothing(
    raw_db: Path, alerter: SlackAlerter, fake_slack: FakeSlack, tick
) -> None:
    _write_log(raw_db, _fresh_rows(london_today()))
    outcome, _ = tick(alerter)
    assert fake_slack.messages == []
    assert f"Checked {len(CONTRACT.sources)} sources" in outcome.skip_message
    assert "0 late" in outcome.skip_message


def test_a_newer_but_still_late_extract_alerts_again(
    raw_db: Path, alerter: SlackAlerter, fake_slack: FakeSlack, tick
) -> None:
    today = london_today()
    rows = [r for r in _fresh_rows(today) if r[0] != "social_care"]
    _write_log(raw_db, [*rows, ("social_care", today - dt.timedelta(days=9), "accepted")])
    _, cursor = tick(alerter)
    _write_log(raw_db, [("social_care", today - dt.timedelta(days=5), "accepted")])
    _, cursor = tick(alerter, cursor)
    assert len(fake_slack.messages) == 2
    assert (today - dt.timedelta(days=5)).isoformat() in fake_slack.messages[1]["text"]


def test_rejected_drops_do_not_count_as_fresh(
    raw_db: Path, alerter: SlackAlerter, fake_slack: FakeSlack, tick
) -> None:
    today = london_today()
    rows = [r for r in _fresh_rows(today) if r[0] != "fostering"]
    rows += [
        ("fostering", today - dt.timedelta(days=30), "accepted"),
        ("fostering", today, "rejected"),
    ]
    _write_log(raw_db, rows)
    tick(alerter)
    assert [m["text"].splitlines()[0] for m in fake_slack.messages] == ["Source late: fostering"]


def test_source_never_received_alerts_once(
    raw_db: Path, alerter: SlackAlerter, fake_slack: FakeSlack, tick, lac_settings: LacSettings
) -> None:
    today = london_today()
    # the landing folder exists: the council sends the source, and nothing came
    (lac_settings.settings.landing_dir / "virtual_school").mkdir(parents=True)
    _write_log(raw_db, [r for r in _fresh_rows(today) if r[0] != "virtual_school"])
    _, cursor = tick(alerter)
    tick(alerter, cursor)
    assert len(fake_slack.messages) == 1
    assert "Newest accepted extract: never" in fake_slack.messages[0]["text"]


def test_a_source_never_sent_is_not_late(
    raw_db: Path, alerter: SlackAlerter, fake_slack: FakeSlack, tick, lac_settings: LacSettings
) -> None:
    """A council that sends only some sources (the 903 alone): no folder, no delivery."""
    today = london_today()
    sent = {"population"}
    (lac_settings.settings.landing_dir / "population").mkdir(parents=True)
    _write_log(raw_db, [r for r in _fresh_rows(today) if r[0] in sent])
    outcome, _ = tick(alerter)
    assert fake_slack.messages == []
    assert "social_care not sent (no landing folder)" in outcome.skip_message
    statuses = source_statuses(
        {"population": today}, CONTRACT, today, lac_settings.settings.landing_dir
    )
    assert {s.source for s in statuses if not s.is_sent} == {
        s.name for s in CONTRACT.sources
    } - sent
    assert not any(s.is_late for s in statuses)


def _late(cadence_source: str, newest_days_ago: int, run_done: bool) -> bool:
    today = dt.date(2026, 11, 23)
    newest = {s.name: today for s in CONTRACT.sources}
    newest[cadence_source] = today - dt.timedelta(days=newest_days_ago)
    status = {s.source: s for s in source_statuses(newest, CONTRACT, today, run_done=run_done)}
    assert not any(s.is_late for name, s in status.items() if name != cadence_source)
    return status[cadence_source].is_late


def test_a_daily_source_is_late_after_one_missed_night() -> None:
    assert CONTRACT.source("social_care").cadence_days == 1
    # Newest the 22nd: on the 23rd its drop is in, nothing missed.
    assert not _late("social_care", 1, run_done=True)
    # Newest the 21st: the 22nd's drop should be in once the 23rd's run is over.
    assert not _late("social_care", 2, run_done=False)  # the run may still be going
    assert _late("social_care", 2, run_done=True)  # one missed night: late
    assert _late("social_care", 3, run_done=False)


@pytest.mark.parametrize("source", ["health", "fostering", "virtual_school", "population"])
def test_weekly_and_rarer_sources_get_one_day_more(source: str) -> None:
    cadence = CONTRACT.source(source).cadence_days
    assert cadence >= 7
    # The next extract was due `cadence` days after the newest and taken the morning after.
    assert not _late(source, cadence + 1, run_done=True)  # missed: forgiven one day
    assert not _late(source, cadence + 2, run_done=False)
    assert _late(source, cadence + 2, run_done=True)  # a day after the missed delivery
    assert _late(source, cadence + 3, run_done=False)


def test_the_nightly_run_is_over_by_the_morning() -> None:
    tz = ZoneInfo("Europe/London")
    assert not nightly_run_done(dt.datetime(2026, 11, 23, 2, 30, tzinfo=tz))
    assert nightly_run_done(dt.datetime(2026, 11, 23, NIGHTLY_RUN_DONE_BY.hour, tzinfo=tz))


def test_no_raw_history_skips(alerter: SlackAlerter, fake_slack: FakeSlack, tick) -> None:
    outcome, cursor = tick(alerter)
    assert "no raw history" in outcome.skip_message
    assert cursor is None
    assert fake_slack.messages == []


def test_empty_raw_history_skips(
    raw_db: Path, alerter: SlackAlerter, fake_slack: FakeSlack, tick
) -> None:
    _write_log(raw_db, [])
    outcome, _ = tick(alerter)
    assert "No accepted extract" in outcome.skip_message
    assert fake_slack.messages == []


def test_locked_by_a_writer_skips_the_tick(
    raw_db: Path, alerter: SlackAlerter, fake_slack: FakeSlack, tick, lac_settings: LacSettings
) -> None:
    today = london_today()
    for source in CONTRACT.sources:  # the council sends every source (its folders exist)
        (lac_settings.settings.landing_dir / source.name).mkdir(parents=True)
    _write_log(raw_db, [("health", today - dt.timedelta(days=30), "accepted")])
    # Another process holds the write lock, as the nightly run's ingest does.
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\n"
            f"con = duckdb.connect({str(raw_db)!r})\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "locked"
        outcome, cursor = tick(alerter)
    finally:
        writer.stdin.close()
        writer.wait()
    assert "locked or unreadable" in outcome.skip_message
    assert cursor is None
    assert fake_slack.messages == []
    # Once the writer is gone, the next tick does its job.
    tick(alerter)
    assert len(fake_slack.messages) == len(CONTRACT.sources)  # health late, others never seen
