"""Corpus cases run as whole nights: the nightly job after a good night.

Slow (a small simulated LA, then one nightly run per case), so these run
under `make test-hardening` only (see conftest.py). Each case takes the last
good drop of its source, copies it under a new date, damages it with the
corpus row's own damage (`cases.CASES`), and runs the whole job in process:

- rejected: the run fails at that source's ingest step, the published
  warehouse is byte for byte as it was, and what Slack receives from the
  run-failure sensor and the gate's check alert (the local fake Slack) holds
  the rejection, escaped, with no mention, link or name from the file;
- no change, reported, accepted unchanged: the run succeeds and every
  published figure is as it was;
- every case: no sheet, column or folder name, name, id or date of birth from
  the file in any line of the run's Dagster event log.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from dagster_project.alerts.check_alerts import check_messages
from dagster_project.alerts.run_sensors import slack_on_run_failure
from dagster_project.raw_history import latest_accepted_extract_dates
from tests.hardening.cases import CASES, HOSTILE_NEEDLES, Case, Damage
from tests.support.fake_slack import VALID_TOKEN, FakeSlack
from tests.support.first_night import first_night_copy, sha256
from tests.support.pii import leaked
from tests.support.sensors import run_failure_context

pytestmark = pytest.mark.hardening

WHOLE_NIGHTS = [
    "truncated_attendance_at_line_break",
    "health_sheet_renamed_channel_ping",
    "random_bytes_health_workbook",
    "extra_column_named_after_a_child",
    "identical_copy_virtual_school",
    "folder_named_channel_ping",
    "utf8_bom",
]
BY_ID = {c.id: c for c in CASES}


def _latest(folder: Path) -> Path:
    return max((p for p in folder.iterdir() if p.name[:1].isdigit()), key=lambda p: p.name)


def _figures(settings) -> pd.DataFrame:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute("select * from marts.indicator_values order by all").df()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return first_night_copy(tmp_path_factory, "whole_nights")


def _land(case: Case, world, tmp_path) -> None:
    # Damage a copy of the last accepted drop (an earlier case's rejected
    # drop may be newer), dated a day after the newest folder.
    base = world["landing"] / case.source
    with duckdb.connect(str(world["settings"].raw_db_path), read_only=True) as con:
        accepted = latest_accepted_extract_dates(con)[case.source]
    previous = base / accepted.isoformat()
    newest = dt.date.fromisoformat(_latest(base).name)
    new = base / (newest + dt.timedelta(days=1)).isoformat()
    shutil.copytree(previous, new)
    assert case.damage is not None and case.rows is None, "whole nights take file damage"
    case.damage(Damage(folder=new, previous=previous, landing=world["landing"], outside=tmp_path))


def _event_log_text(instance: dg.DagsterInstance, run_id: str) -> str:
    lines = []
    for entry in instance.all_logs(run_id):
        lines.append(entry.user_message or "")
        if entry.dagster_event is not None and entry.dagster_event.message:
            lines.append(entry.dagster_event.message)
    return "\n".join(lines)


@pytest.mark.parametrize("case_id", WHOLE_NIGHTS)
def test_a_whole_night(case_id, world, tmp_path):
    case = BY_ID[case_id]
    settings = world["settings"]
    published, figures = sha256(settings.warehouse_path), _figures(settings)
    _land(case, world, tmp_path)

    slack = FakeSlack(token=VALID_TOKEN).start()
    try:
        with dg.instance_for_test() as instance:
            result = world["job"].execute_in_process(instance=instance, raise_on_error=False)
            failed = {e.step_key for e in result.all_events if e.is_step_failure}
            log_text = _event_log_text(instance, result.run_id)
            alerter = slack.alerter(channel="#lac")
            if not result.success:
                slack_on_run_failure(run_failure_context(result, instance, alerter))
            for message in check_messages(
                result.get_asset_check_evaluations(), run_id=result.run_id, ui_base_url="http://ui"
            ):
                alerter.send(message)
        received = "\n".join(slack.texts())
    finally:
        slack.stop()

    for needle in HOSTILE_NEEDLES:
        assert needle not in log_text, f"{needle!r} in the Dagster event log"
        assert needle not in received, f"{needle!r} sent to Slack"
    assert leaked(log_text) == [] and leaked(received) == []
    assert "<!" not in received

    if case.outcome == "rejected":
        assert not result.success
        assert failed == {f"ingest_{case.source}"}
        assert sha256(settings.warehouse_path) == published
        assert f"ingest_{case.source}" in received
        assert case.needles[-1] in received  # the rule, e.g. [broken_spreadsheet]
    else:
        assert result.success, failed
        pd.testing.assert_frame_equal(_figures(settings), figures)
