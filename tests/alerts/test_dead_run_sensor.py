"""A run killed mid-way (kill -9) stays STARTED; the dead-run sensor tells Slack once.

The run is real: a job executing in a child process against an on-disk
Dagster instance, killed while a step is running. Time is not waited for:
the sensor's judgement takes `now`, so "half an hour later" is passed in.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from dagster_project.alerts.dead_run_sensor import (
    QUIET_MINUTES_BEFORE_DEAD,
    evaluate_dead_runs,
    last_sign_of_life,
    slack_on_dead_runs,
)
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.resources import LacSettings
from tests.support.fake_slack import FakeSlack

UI = "http://dagster.test:3000"

RUN_THAT_HANGS = """
import os, sys
import dagster as dg

@dg.op
def ingest():
    return 1

@dg.op
def build(upstream):
    os.write(int(os.environ["READY_FD"]), b"started\\n")
    sys.stdin.read()  # until killed

@dg.job
def nightly():
    build(ingest())

with dg.DagsterInstance.get() as instance:
    nightly.execute_in_process(instance=instance)
"""


@pytest.fixture
def killed_run(tmp_path: Path):
    """(instance, run id) of a run killed with SIGKILL while its second step ran."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    ready_read, ready_write = os.pipe()
    child = subprocess.Popen(
        [sys.executable, "-c", RUN_THAT_HANGS],
        env={**os.environ, "DAGSTER_HOME": str(home), "READY_FD": str(ready_write)},
        pass_fds=(ready_write,),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(ready_write)
    with os.fdopen(ready_read) as ready:
        assert ready.readline().strip() == "started"
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdin.close()
    with dg.DagsterInstance.from_config(str(home)) as instance:
        (run,) = instance.get_runs()
        assert run.status == dg.DagsterRunStatus.STARTED  # what kill -9 leaves behind
        yield instance, run.run_id


def _tick(instance, run_id, alerter, cursor=None, minutes_later=QUIET_MINUTES_BEFORE_DEAD):
    now = last_sign_of_life(instance, run_id) + minutes_later * 60
    return evaluate_dead_runs(
        instance,
        now=now,
        cursor=cursor,
        alerter=alerter,
        ui_base_url=UI,
        timezone="Europe/London",
    )


def test_a_killed_run_is_told_once_after_half_an_hour_of_silence(
    killed_run, alerter: SlackAlerter, fake_slack: FakeSlack
) -> None:
    instance, run_id = killed_run
    reason, cursor = _tick(instance, run_id, alerter, minutes_later=QUIET_MINUTES_BEFORE_DEAD - 1)
    assert fake_slack.messages == [] and "0 silent" in reason

    reason, cursor = _tick(instance, run_id, alerter, cursor)
    assert "1 silent" in reason and "1 newly told" in reason
    (text,) = fake_slack.texts()
    assert text.startswith("Run died: nightly")
    assert f"({QUIET_MINUTES_BEFORE_DEAD} minutes ago)" in text
    assert f"{UI}/runs/{run_id}" in text

    # Next tick, still dead: not told again.
    _, cursor = _tick(instance, run_id, alerter, cursor, minutes_later=90)
    assert len(fake_slack.messages) == 1

    # Someone marks it failed in the UI: the sensor forgets it.
    instance.report_run_failed(instance.get_run_by_id(run_id), "terminated by hand")
    _, cursor = _tick(instance, run_id, alerter, cursor, minutes_later=90)
    assert cursor == '{"told": []}'
    assert len(fake_slack.messages) == 1


def test_the_sensor_does_not_call_a_run_dead_at_once(
    killed_run, alerter: SlackAlerter, fake_slack: FakeSlack, lac_settings: LacSettings
) -> None:
    """Evaluated now, a moment after the kill: not silent long enough to be called dead."""
    instance, _ = killed_run
    context = dg.build_sensor_context(
        instance=instance, resources={"slack_alerter": alerter, "lac_settings": lac_settings}
    )
    outcome = slack_on_dead_runs(context)
    assert "1 run(s) started, 0 silent" in outcome.skip_message
    assert fake_slack.messages == []
