"""Small simulated worlds, run through the whole nightly job in process.

The same council, one seed, in each form it may send: its social care
extract, or its SSDA903 return alone as DfE CSV tables or DfE XML. Used by
tests/e2e/test_ssda903_council.py (the 903-only night) and
tests/hardening/test_ssda903_twins.py (the forms compared).

`--clean`: with defects, each form of the same defect meets a different gate
(a GX contract check on the social care extract, a DfE rule on the 903) and
drops different rows, so the figures would differ by construction, not by
the adapter.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from dagster_project.alerts.slack import SlackAlerter
from dagster_project.resources import LacSettings

AS_OF = "2024-03-31"
# The smallest world that still has every figure, as tests/e2e/test_nightly_job.py:
# a year of months on a simulated history, a 6,000 population (about 60
# children looked after; adoptions and care leavers in every year).
SIM_ARGS = ["--population", "6000", "--start", "2023-04-01", "--end", AS_OF, "--seed", "7"]
SIM_ARGS += ["--clean", "--la-code", "999"]
FORMS = {
    "social_care": [],
    "ssda903_csv": ["--format", "ssda903"],
    "ssda903_xml": ["--format", "ssda903", "--ssda903-form", "xml"],
}


def run_night(root: Path, form: str) -> dict:
    """Simulate the world in `form` under `root` and run one nightly job on it."""
    landing = root / "landing"
    subprocess.run(
        [sys.executable, "-m", "simulator", "--out", str(landing), *SIM_ARGS, *FORMS[form]],
        check=True,
        capture_output=True,
    )
    from dagster_project.definitions import build_definitions

    resource = LacSettings(data_dir=str(root / "data"), landing_dir=str(landing), la_code="999")
    # No token: alerts go to the run log, never to a real Slack.
    defs = build_definitions(resource, slack_alerter=SlackAlerter())
    with dg.instance_for_test() as instance:
        result = defs.resolve_job_def("nightly").execute_in_process(
            instance=instance, raise_on_error=False
        )
    return {"landing": landing, "result": result, "settings": resource.settings}


def query(world: dict, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(world["settings"].warehouse_path), read_only=True) as con:
        return con.execute(sql).df()
