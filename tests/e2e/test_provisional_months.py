"""Provisional months on a simulated LA with recording lag: the whole nightly
job, in process, on a small LA over three and a half years (enough for the
nowcast to learn from settled months), in a temp folder.

The simulator types health assessments into the case system weeks late
(lognormal lag, median 28 days), so the latest month's "health assessments
up to date" is low as recorded and must come out provisional, with an
expected final value above the recorded one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.alerts.slack import SlackAlerter
from dagster_project.resources import LacSettings

AS_OF = "2024-10-31"
SIM_ARGS = ["--population", "8000", "--start", "2021-04-01", "--end", AS_OF, "--seed", "11"]
HEALTH = "lac_health_assessment_up_to_date_pct"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("provisional")
    landing = root / "landing"
    subprocess.run(
        [sys.executable, "-m", "simulator", "--out", str(landing), *SIM_ARGS],
        check=True,
        capture_output=True,
    )
    from dagster_project.definitions import build_definitions

    settings = LacSettings(data_dir=str(root / "data"), landing_dir=str(landing), la_code="999")
    # No token: alerts go to the run log, never to a real Slack.
    defs = build_definitions(settings, slack_alerter=SlackAlerter())
    with dg.instance_for_test() as instance:
        result = defs.resolve_job_def("nightly").execute_in_process(
            instance=instance, raise_on_error=False
        )
    assert result.success
    return settings.settings.warehouse_path


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_latest_health_month_is_provisional_and_expected_to_rise(warehouse: Path) -> None:
    [(value, is_provisional, expected, low, high)] = query(
        warehouse,
        "select value, is_provisional, expected_final_value, expected_final_low,"
        " expected_final_high from marts.performance_summary"
        " where indicator_id = ? and period_end = ?",
        [HEALTH, AS_OF],
    )
    assert is_provisional is True
    assert expected > value
    assert low <= expected <= high <= 100


def test_the_revision_history_holds_every_month_at_the_first_four_lags(warehouse: Path) -> None:
    """Each month of the 36-month window that is old enough has its first report
    and the three month ends after it, and the figure only rises as records arrive."""
    rows = query(
        warehouse,
        "select period_end, lag_months, lag_offset_days, numerator, record_source"
        " from marts.indicator_revisions"
        " where indicator_id = ? and period_type = 'month' and lag_offset_days in (0, 7)"
        " order by period_end, as_of_date",
        [HEALTH],
    )
    by_month: dict = {}
    for period_end, lag_months, offset, numerator, source in rows:
        by_month.setdefault(period_end, {})[(lag_months, offset)] = (numerator, source)
    lags = [(0, 7), (1, 0), (2, 0), (3, 0)]
    complete = [m for m, seen in by_month.items() if all(lag in seen for lag in lags)]
    assert len(complete) >= 24
    for month in complete:
        numerators = [by_month[month][lag][0] for lag in lags]
        assert numerators == sorted(numerators), month
        assert by_month[month][(0, 7)][1] == "reconstructed"


def test_tonight_in_the_revisions_is_tonights_published_figure(warehouse: Path) -> None:
    [(revisions_value, published_value)] = query(
        warehouse,
        "select r.value, v.value from marts.indicator_revisions as r"
        " join marts.indicator_values as v using (la_code, indicator_id, period_type, period_end)"
        " where r.indicator_id = ? and r.period_end = ? and r.is_latest"
        " and v.period_type = 'month'",
        [HEALTH, AS_OF],
    )
    assert revisions_value == published_value
