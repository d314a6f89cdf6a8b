"""The health reconciliation after dbt, on hand-made rows: counts, the gap rule, the message.

The list and the mart are read from a real DuckDB file laid out as dbt builds
them (main.int_health_reconciliation_exceptions, marts.health_reconciliation);
the message goes through the real SlackAlerter to the local fake Slack.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from dagster_project.alerts.reconciliation_message import health_reconciliation_message
from dagster_project.health_reconciliation import (
    IN_CASE_SYSTEM_ONLY,
    LIST_COLUMNS,
    ON_REGISTER_ONLY,
    connect_read_only,
    exception_counts,
    exception_list,
    gap_findings,
)
from dagster_project.publish import PublishError, publish_marts
from tests.support.fixtures import fake_slack  # noqa: F401  (fixture)
from tests.support.pii import leaked

CHILD_IDS = ["C004512", "1004512", "7654321"]


def _exceptions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "la_code": "999",
            "as_of_date": dt.date(2024, 6, 28),
            "exception_type": [ON_REGISTER_ONLY, ON_REGISTER_ONLY, IN_CASE_SYSTEM_ONLY],
            "source_child_id": CHILD_IDS,
            "assessment_type": ["RHA", "DENTAL", "DENTAL"],
            "assessment_date": [dt.date(2024, 5, 1), dt.date(2023, 1, 5), dt.date(2024, 2, 1)],
            "working_days_outstanding": [42, 386, 108],
            "team_id": ["T1", None, "T2"],
            "team_name": ["Team One", None, "Team Two"],
            "worker_id": ["W1", None, "W2"],
            "is_allocation_current": [True, False, True],
        }
    )


def _month_rows(month: dt.date, closed: bool, gaps: dict[str, tuple]) -> list[tuple]:
    """(period_end, type, denominator, register %, case %, gap, closed) per type."""
    return [(month, kind, n, r, c, round(r - c, 1), closed) for kind, (n, r, c) in gaps.items()]


@pytest.fixture
def build_db(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    frame = _exceptions()  # noqa: F841  (read by DuckDB's replacement scan)
    con.execute("create table main.int_health_reconciliation_exceptions as select * from frame")
    rows = _month_rows(
        dt.date(2024, 5, 31),
        True,
        {"IHA": (12, 75.0, 50.0), "RHA": (400, 93.0, 81.0), "DENTAL": (400, 84.0, 71.5)},
    ) + _month_rows(
        dt.date(2024, 6, 30),
        False,
        {"IHA": (10, 80.0, 20.0), "RHA": (401, 90.0, 60.0), "DENTAL": (401, 80.0, 40.0)},
    )
    con.execute(
        "create table marts.health_reconciliation (period_end date, assessment_type varchar, "
        "up_to_date_denominator integer, register_up_to_date_pct double, "
        "case_system_up_to_date_pct double, up_to_date_gap_points double, "
        "is_recording_window_closed boolean)"
    )
    con.executemany("insert into marts.health_reconciliation values (?, ?, ?, ?, ?, ?, ?)", rows)
    con.close()
    return path


def test_list_has_the_managers_columns_current_allocations_first(build_db):
    con = connect_read_only(build_db)
    try:
        frame = exception_list(con)
    finally:
        con.close()
    assert list(frame.columns) == LIST_COLUMNS
    assert "la_code" not in frame.columns and "child_id" not in frame.columns
    assert frame["is_allocation_current"].tolist() == [True, True, False]
    assert sorted(frame["source_child_id"]) == sorted(CHILD_IDS)


def test_counts_per_type_each_way_with_zeros():
    assert exception_counts(_exceptions()) == {
        "IHA": {ON_REGISTER_ONLY: 0, IN_CASE_SYSTEM_ONLY: 0},
        "RHA": {ON_REGISTER_ONLY: 1, IN_CASE_SYSTEM_ONLY: 0},
        "DENTAL": {ON_REGISTER_ONLY: 1, IN_CASE_SYSTEM_ONLY: 1},
    }


def test_gap_is_read_from_the_latest_closed_month(build_db):
    con = connect_read_only(build_db)
    try:
        findings = gap_findings(con, threshold_points=12)
    finally:
        con.close()
    # June's recording window is still open (gaps of 30-60 points there are lag): May is judged.
    assert findings.month == dt.date(2024, 5, 31)
    assert [g.assessment_type for g in findings.by_type] == ["IHA", "RHA", "DENTAL"]
    # The papers' 93% against 81% is exactly 12 points: not above 12. Dental's
    # 12.5 is. The IHA's 25 points rest on 12 children: not judged.
    assert findings.exceeding == ["DENTAL"]
    assert not findings.passed
    md = findings.metadata()
    assert md["types_over_threshold"] == "DENTAL" and md["gap_by_type"]["RHA"]["gap_points"] == 12


def test_gap_threshold_is_a_setting(build_db):
    con = connect_read_only(build_db)
    try:
        assert gap_findings(con, threshold_points=13).passed
        assert gap_findings(con, threshold_points=11).exceeding == ["RHA", "DENTAL"]
    finally:
        con.close()


def test_message_carries_counts_only_and_reaches_slack(build_db, fake_slack):  # noqa: F811
    con = connect_read_only(build_db)
    try:
        gaps = gap_findings(con, threshold_points=12)
    finally:
        con.close()
    message = health_reconciliation_message(
        as_of_date=dt.date(2024, 6, 28),
        counts=exception_counts(_exceptions()),
        gaps=gaps,
        run_id="run-1",
        ui_base_url="http://dagster.test:3000",
    )
    alerter = fake_slack.alerter(channel="#lac-test")
    assert alerter.send(message)
    (text,) = fake_slack.texts()
    assert "3 assessments in one system only" in text
    assert "Dental: 1 on the health team's register only, 1 in the case system only" in text
    assert "Review health: 93.0% against 81.0% (+12.0 points)" in text
    assert "84.0% against 71.5% (+12.5 points): above the warning" in text
    assert "fewer than 30 children: not judged" in text
    for child_id in CHILD_IDS:
        assert child_id not in text
    assert not leaked(text)


def test_publishing_refuses_the_list_if_it_ever_lands_in_marts(build_db, tmp_path):
    con = duckdb.connect(str(build_db))
    con.execute(
        "create table marts.health_reconciliation_exceptions as "
        "select * from main.int_health_reconciliation_exceptions"
    )
    con.close()
    warehouse = tmp_path / "published" / "warehouse.duckdb"
    with pytest.raises(PublishError, match=r"health_reconciliation_exceptions.*source_child_id"):
        publish_marts(build_db, warehouse, run_id="r1", as_of_date="2024-06-28")
    assert not warehouse.exists()
