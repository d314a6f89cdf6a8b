"""Shared helpers for the benchmark tests: the real DfE folder, a loaded raw
DB, and a dbt build of the benchmark models into a temp warehouse."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from dagster_project import raw_history
from dagster_project.benchmarks.store import load_folder
from dagster_project.dbt_project import dbt_vars, single_council
from dagster_project.pooled_raw import build_pooled_raw
from dagster_project.resources import LacSettings
from tests.support.dbt_cli import dbt_build_command, dbt_process_environment

REPO_ROOT = Path(__file__).resolve().parents[2]
# The DfE releases the project ships (reference_data/dfe/PROVENANCE.md).
DFE_DIR = REPO_ROOT / "reference_data" / "dfe"


def load_raw(raw_db: Path, folder: Path) -> list:
    # a whole raw history (its bookkeeping too), which the pooled raw history reads
    con = raw_history.connect(raw_db)
    try:
        return load_folder(con, folder)
    finally:
        con.close()


def start_build(tmp: Path, raw_db: Path, **settings: str) -> tuple[subprocess.Popen, Path]:
    """dbt build of the benchmark marts, told what Dagster would tell it for these settings."""
    resolved = LacSettings(raw_db_path=str(raw_db), build_dir=str(tmp), **settings).settings
    build_db = resolved.build_db_path
    # dbt reads the raw history through the pooled file, as the nightly run does
    build_pooled_raw(resolved.pooled_raw_path, single_council(resolved))
    run_env = dbt_process_environment(resolved, DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    process = subprocess.Popen(
        # The benchmark marts and everything they are built from, only.
        dbt_build_command(
            tmp,
            "--select",
            "+path:models/marts/benchmarks",
            "--vars",
            json.dumps(dbt_vars(resolved, as_of_date=None)),
        ),
        env=run_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, build_db


def finish_build(started: tuple[subprocess.Popen, Path]) -> Path:
    process, build_db = started
    output, _ = process.communicate()
    assert process.returncode == 0, output[-5000:]
    return build_db


@pytest.fixture(scope="session")
def real_raw_db(tmp_path_factory) -> Path:
    assert DFE_DIR.is_dir(), f"the shipped DfE reference data is missing: {DFE_DIR}"
    raw_db = tmp_path_factory.mktemp("dfe_real") / "raw.duckdb"
    results = load_raw(raw_db, DFE_DIR)
    assert all(r.status == "accepted" for r in results), results
    return raw_db


@pytest.fixture(scope="session")
def benchmark_builds(tmp_path_factory, real_raw_db) -> dict[str, Path]:
    """Both dbt builds (real DfE data for LA 372, hand-made data for LA 803),
    run side by side: each is mostly dbt start-up and parsing."""
    from tests.benchmarks.handmade import write_handmade_releases

    handmade = tmp_path_factory.mktemp("dfe_handmade")
    folder = write_handmade_releases(handmade / "drop")
    results = load_raw(handmade / "raw.duckdb", folder)
    assert all(r.status == "accepted" for r in results), results
    started = {
        "real": start_build(
            tmp_path_factory.mktemp("dfe_real_build"),
            real_raw_db,
            la_code="999",
            benchmark_la_code="372",
        ),
        "handmade": start_build(
            handmade, handmade / "raw.duckdb", la_code="999", benchmark_la_code="803"
        ),
    }
    return {name: finish_build(build) for name, build in started.items()}


@pytest.fixture(scope="session")
def real_build_db(benchmark_builds) -> Path:
    return benchmark_builds["real"]


@pytest.fixture(scope="session")
def handmade_build_db(benchmark_builds) -> Path:
    return benchmark_builds["handmade"]
