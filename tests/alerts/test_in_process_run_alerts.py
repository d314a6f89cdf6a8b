"""`make run` reports its own run to Slack, as the sensors report a scheduled one.

Dagster's run-status sensors skip runs started with `execute_in_process`
(they have no code-location origin), so `python -m dagster_project run`
sends the alerts itself: here a real nightly run that fails at once (its raw
history path is a folder), run as `make run` runs it, against the fake Slack.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import dagster as dg

from dagster_project.alerts.in_process import report_in_process_run
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.resources import LacSettings
from tests.support import pii
from tests.support.fake_slack import VALID_TOKEN, FakeSlack

REPO_ROOT = Path(__file__).resolve().parents[2]
UI = "http://dagster.test:3000"


@dg.op
def read_extract():
    raise ValueError(f"could not parse '31/02/2015'; {pii.pii_sentence()}")


@dg.job
def nightly_like():
    read_extract()


def test_a_failed_in_process_run_is_reported_with_its_step(
    alerter: SlackAlerter, fake_slack: FakeSlack, lac_settings: LacSettings
) -> None:
    with dg.instance_for_test() as instance:
        result = nightly_like.execute_in_process(instance=instance, raise_on_error=False)
        assert not result.success
        sent = report_in_process_run(
            instance, result.run_id, alerter=alerter, settings=lac_settings.settings
        )
    assert sent == 1
    (text,) = fake_slack.texts()
    assert text.startswith("Run failed: nightly_like")
    assert "Step failed: read_extract" in text
    assert "ValueError: could not parse &lt;value&gt;" in text  # escaped for Slack
    assert f"{UI}/runs/{result.run_id}" in text


def test_make_run_that_fails_posts_one_failure_alert(tmp_path: Path) -> None:
    home, data = tmp_path / "dagster_home", tmp_path / "data"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    (data / "landing").mkdir(parents=True)
    not_a_database = tmp_path / "raw_history_is_a_folder"
    not_a_database.mkdir()
    slack = FakeSlack(token=VALID_TOKEN).start()
    try:
        env = {
            **os.environ,
            "DAGSTER_HOME": str(home),
            "LAC_DATA_DIR": str(data),
            "LAC_RAW_DB": str(not_a_database),
            "LAC_UI_BASE_URL": UI,
            "SLACK_BOT_TOKEN": VALID_TOKEN,
            "SLACK_BASE_URL": slack.base_url,
            "SLACK_CHANNEL": "#lac-test",
        }
        done = subprocess.run(
            [sys.executable, "-m", "dagster_project", "run"],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        texts = slack.texts()
    finally:
        slack.stop()
    assert done.returncode == 1, done.stdout + done.stderr
    run_id = re.search(r"/runs/([0-9a-f-]{36})", done.stdout).group(1)
    # One message for the run, not one per path that could have told it; the
    # council's run failed, so no build ran (and failed again) after it.
    assert len(texts) == 1, texts
    assert texts[0].startswith("Council 999: Run failed: council_ingest")
    assert re.search(r"Step failed: (ingest_\w+|dfe_benchmarks)", texts[0])
    assert f"{UI}/runs/{run_id}" in texts[0]
    assert pii.leaked(texts[0]) == []
