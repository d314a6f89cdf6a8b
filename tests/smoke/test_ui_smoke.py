"""The real webserver and daemon start and show the assets, checks, schedule and sensors.

This is what a data engineer sees with `make ui`: the test starts
dagster-webserver and dagster-daemon as separate processes on 127.0.0.1,
then asks the GraphQL API what the code location holds and whether the
daemon's scheduler and sensor loops are alive.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# No deadline on start-up: two processes each import Dagster, dbt and pandas,
# which on a loaded 2-core machine can take minutes. The waits end when the
# server answers or its process dies (a failure with its log), never on a clock.
POLL_SECONDS = 1


REPOSITORY_QUERY = """
{
  repositoriesOrError {
    ... on RepositoryConnection {
      nodes {
        location { name }
        schedules { name cronSchedule executionTimezone scheduleState { status } }
        sensors { name sensorState { status } }
        jobs { name }
        assetNodes {
          assetKey { path }
          assetChecksOrError { ... on AssetChecks { checks { name blocking } } }
        }
      }
    }
  }
}
"""

DAEMON_QUERY = """
{ instance { daemonHealth { allDaemonStatuses { daemonType healthy required } } } }
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        body = json.loads(response.read())
    assert "errors" not in body, body.get("errors")
    return body["data"]


@dataclass
class RunningUI:
    port: int
    daemon: subprocess.Popen
    daemon_log: Path


@pytest.fixture(scope="module")
def dagster_ui(tmp_path_factory):
    home = tmp_path_factory.mktemp("dagster_home")
    (home / "dagster.yaml").write_text((REPO_ROOT / "config" / "dagster.yaml").read_text())
    data = tmp_path_factory.mktemp("data")
    env = {**os.environ, "DAGSTER_HOME": str(home), "LAC_DATA_DIR": str(data)}
    port = free_port()
    logs = home / "logs"
    logs.mkdir()
    common = {"cwd": REPO_ROOT, "env": env, "stderr": subprocess.STDOUT}
    # Create the instance's storage before the two processes start: on a fresh
    # DAGSTER_HOME both would create the SQLite schema at once, and the loser
    # dies on "table alembic_version already exists" (seen in CI).
    subprocess.run(
        [str(BIN / "dagster"), "instance", "migrate"],
        stdout=open(logs / "migrate.log", "w"),  # noqa: SIM115
        check=True,
        **common,
    )
    webserver = subprocess.Popen(
        [
            str(BIN / "dagster-webserver"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-w",
            "workspace.yaml",
        ],
        stdout=open(logs / "webserver.log", "w"),  # noqa: SIM115
        **common,
    )
    daemon = subprocess.Popen(
        [str(BIN / "dagster-daemon"), "run", "-w", "workspace.yaml"],
        stdout=open(logs / "daemon.log", "w"),  # noqa: SIM115
        **common,
    )
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info")
                break
            except OSError:
                if webserver.poll() is not None:
                    pytest.fail((logs / "webserver.log").read_text()[-3000:])
                time.sleep(POLL_SECONDS)
        yield RunningUI(port=port, daemon=daemon, daemon_log=logs / "daemon.log")
    finally:
        for process in (webserver, daemon):
            process.terminate()
        for process in (webserver, daemon):
            process.wait()


def test_code_location_shows_assets_checks_schedule_and_sensors(dagster_ui):
    [repo] = graphql(dagster_ui.port, REPOSITORY_QUERY)["repositoriesOrError"]["nodes"]
    assert repo["location"]["name"] == "lac_warehouse"
    assert "nightly" in {job["name"] for job in repo["jobs"]}

    [schedule] = [s for s in repo["schedules"] if s["name"] == "nightly_at_2am"]
    assert schedule["cronSchedule"] == "0 2 * * *"
    assert schedule["executionTimezone"] == "Europe/London"
    assert schedule["scheduleState"]["status"] == "RUNNING"

    sensors = {s["name"]: s["sensorState"]["status"] for s in repo["sensors"]}
    assert sensors.get("slack_on_run_failure") == "RUNNING"
    assert sensors.get("late_source_sensor") == "RUNNING"
    assert sensors.get("slack_on_indicators_turned_red") == "RUNNING"

    keys = {"/".join(node["assetKey"]["path"]) for node in repo["assetNodes"]}
    assert {"raw/social_care/episodes", "raw/health/assessments"} <= keys
    assert {"marts/indicator_values", "marts/indicator_rag", "warehouse/published"} <= keys

    checks = {
        ("/".join(node["assetKey"]["path"]), check["name"]): check["blocking"]
        for node in repo["assetNodes"]
        for check in node["assetChecksOrError"].get("checks", [])
    }
    gx_gates = {k: v for k, v in checks.items() if k[0].startswith("raw/")}
    assert gx_gates, "no GX gates found on the raw assets"
    assert all(gx_gates[k] for k in gx_gates if k[1].startswith("gx_")), gx_gates
    dbt_checks = [k for k in checks if k[0].startswith(("staging/", "marts/"))]
    assert dbt_checks, "dbt tests are not shown as asset checks"
    # The health reconciliation: its restricted list asset and its warning check.
    assert "restricted/health_reconciliation_exceptions" in keys
    assert checks[("marts/health_reconciliation", "reconciliation_gap_within_tolerance")] is False


def test_daemon_runs_the_scheduler_and_sensors(dagster_ui):
    wanted = {"SCHEDULER", "SENSOR"}
    while True:
        statuses = graphql(dagster_ui.port, DAEMON_QUERY)["instance"]["daemonHealth"]
        healthy = {d["daemonType"] for d in statuses["allDaemonStatuses"] if d["healthy"]}
        if wanted <= healthy:
            return
        # Not healthy yet is only a failure once the daemon has exited.
        if dagster_ui.daemon.poll() is not None:
            pytest.fail(f"daemon exited: {statuses}\n{dagster_ui.daemon_log.read_text()[-3000:]}")
        time.sleep(POLL_SECONDS)
