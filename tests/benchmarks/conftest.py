"""Shared helpers for the benchmark tests: the real DfE folder, a loaded raw
DB, and a dbt build of the benchmark models into a temp warehouse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dagster_project.benchmarks.store import load_folder

REPO_ROOT = Path(__file__).resolve().parents[2]
DFE_DIR = REPO_ROOT.parent / "shared" / "data" / "dfe"
DBT_DIR = REPO_ROOT / "dbt"


def load_raw(raw_db: Path, folder: Path) -> list:
    con = duckdb.connect(str(raw_db))
    try:
        return load_folder(con, folder)
    finally:
        con.close()


def build_benchmarks(tmp: Path, raw_db: Path, **env: str) -> Path:
    """dbt build of the dfe staging models and the benchmark marts only."""
    build_db = tmp / "build.duckdb"
    run_env = {
        **os.environ,
        "LAC_RAW_DB": str(raw_db),
        "LAC_BUILD_DB": str(build_db),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **env,
    }
    completed = subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            "build",
            "--project-dir",
            str(DBT_DIR),
            "--profiles-dir",
            str(DBT_DIR),
            "--target-path",
            str(tmp / "target"),
            "--log-path",
            str(tmp / "logs"),
            "--select",
            "staging.dfe+",
            "benchmark_indicator_map",
        ],
        env=run_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    return build_db


@pytest.fixture(scope="session")
def real_raw_db(tmp_path_factory) -> Path:
    if not DFE_DIR.is_dir():
        pytest.skip(f"DfE reference data not found at {DFE_DIR}")
    raw_db = tmp_path_factory.mktemp("dfe_real") / "raw.duckdb"
    results = load_raw(raw_db, DFE_DIR)
    assert all(r.status == "accepted" for r in results), results
    return raw_db


@pytest.fixture(scope="session")
def real_build_db(tmp_path_factory, real_raw_db) -> Path:
    tmp = tmp_path_factory.mktemp("dfe_real_build")
    return build_benchmarks(tmp, real_raw_db, LAC_LA_CODE="999", LAC_BENCHMARK_LA_CODE="372")
