"""Session-wide set-up shared by every kind of test.

The Dagster definitions read dbt's manifest when they are imported, so it is
prepared once here, before any test module imports them. Under pytest-xdist
every worker runs this hook; a file lock makes the first one parse and the
others wait for it.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_DIR = REPO_ROOT / "dbt"
MANIFEST = DBT_DIR / "target" / "manifest.json"

# The library's telemetry and GX's progress bars are noise in test output.
os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def _newest_dbt_source_mtime() -> float:
    files = [p for p in DBT_DIR.rglob("*") if p.suffix in {".sql", ".yml", ".csv"}]
    return max((p.stat().st_mtime for p in files if "target" not in p.parts), default=0.0)


def prepare_dbt_manifest() -> None:
    MANIFEST.parent.mkdir(parents=True, exist_ok=True)
    with open(MANIFEST.parent / ".parse.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if MANIFEST.exists() and MANIFEST.stat().st_mtime >= _newest_dbt_source_mtime():
            return
        # The parse `make setup` makes, with the nightly's vars: every test
        # world's dbt target folder starts from it (dbt_project.seed_partial_parse).
        subprocess.run([sys.executable, "-m", "dagster_project.dbt_project"], check=True)


def pytest_configure(config):
    if (DBT_DIR / "dbt_project.yml").exists():
        prepare_dbt_manifest()


# The test modules that start from the first night (tests/support/first_night.py),
# named as pytest names them, from the repo root.
FIRST_NIGHT_MODULES = frozenset(
    {
        "tests/e2e/test_nightly_job.py",
        "tests/report/test_report_outputs.py",
        "tests/ingest/test_hostile_nights.py",
        "tests/hardening/test_whole_nights.py",
    }
)


def pytest_xdist_make_scheduler(config, log):
    """Under `--dist loadfile`, the modules that start from the first night share a worker.

    They then share one run of that night (tests/support/first_night.py)
    instead of each worker, or each module, paying about a minute of CPU for
    it again. Every other file is its own unit, as loadfile does.
    """
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FirstNightTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = super()._split_scope(nodeid)
            return "first night" if module in FIRST_NIGHT_MODULES else module

    return FirstNightTogether(config, log)


# The longest modules, started first: a long module left to the end runs
# alone while the other worker has nothing left (sqlfluff, 2 minutes, did).
SLOWEST_MODULES = (
    "tests/dbt/test_sqlfluff.py",
    *sorted(FIRST_NIGHT_MODULES),
    "tests/e2e/test_health_reconciliation_night.py",
    "tests/e2e/test_provisional_months.py",
    "tests/e2e/test_ssda903_council.py",
)


def pytest_collection_modifyitems(config, items):
    """Put the slowest modules first; every module's tests stay together, in order."""
    rank = {module: position for position, module in enumerate(SLOWEST_MODULES)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))
