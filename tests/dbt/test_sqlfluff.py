"""sqlfluff is the SQL style guide: every model, test and macro of the dbt
project lints clean (dbt templater, duckdb dialect, config in .sqlfluff).
The templater compiles against the profile's `lint` target (in-memory
DuckDB, nothing attached), so it needs no paths and no vars."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_dbt_sql_passes_sqlfluff():
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "sqlfluff"),
            "lint",
            "dbt/models",
            "dbt/tests",
            "dbt/macros",
            "--disable-progress-bar",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-6000:]
