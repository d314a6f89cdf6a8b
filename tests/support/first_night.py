"""The first night of a clean small simulated LA, run once per test worker.

Several modules (the nightly job, the report, the hostile nights, the
whole-night corpus) each need one good night before their own checks, and a
whole night costs about a minute of CPU. The night is run once per worker,
into a template folder nobody writes to again; each module gets its own copy
of the landing zone and the data folder, and its own job pointed at that
copy, so a module that lands a broken drop cannot disturb another.
tests/conftest.py sends the modules that use it (FIRST_NIGHT_MODULES) to the
same pytest-xdist worker, so the night runs once for all of them.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from dagster_project.alerts.slack import SlackAlerter
from dagster_project.resources import LacSettings

AS_OF = "2024-03-31"
SIM_ARGS = ["--population", "6000", "--start", "2023-04-01", "--end", AS_OF, "--seed", "7"]

_template: dict = {}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def world_settings(root: Path) -> LacSettings:
    """The night's settings resource: this world's folders, as a council sets its own."""
    return LacSettings(
        data_dir=str(root / "data"), landing_dir=str(root / "landing"), la_code="999"
    )


def nightly_job(root: Path) -> dg.JobDefinition:
    from dagster_project.definitions import build_definitions

    # No token: alerts go to the run log, never to a real Slack.
    defs = build_definitions(world_settings(root), slack_alerter=SlackAlerter())
    return defs.resolve_job_def("nightly")


def run_first_night(root: Path) -> dict:
    """Simulate a clean small LA under `root` and run one night on it."""
    landing = root / "landing"
    subprocess.run(
        [sys.executable, "-m", "simulator", "--out", str(landing), "--clean", *SIM_ARGS],
        check=True,
        capture_output=True,
    )
    job = nightly_job(root)
    with dg.instance_for_test() as instance:
        first = job.execute_in_process(instance=instance, raise_on_error=False)
    return {"root": root, "landing": landing, "job": job, "first": first}


def first_night_copy(tmp_path_factory: pytest.TempPathFactory, name: str) -> dict:
    """A private copy of the worker's first night: its result, folders, settings and job.

    `first` is the template night's run result (read it, never re-run it);
    `job` runs further nights on this copy only.
    """
    if not _template:
        _template.update(run_first_night(tmp_path_factory.mktemp("first_night_template")))
        assert _template["first"].success
    root = tmp_path_factory.mktemp(name)
    for folder in ("landing", "data"):
        shutil.copytree(_template["root"] / folder, root / folder, symlinks=True)
    return {
        "root": root,
        "landing": root / "landing",
        "job": nightly_job(root),
        "first": _template["first"],
        "settings": world_settings(root).settings,
    }
