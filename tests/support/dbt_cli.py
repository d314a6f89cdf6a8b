"""The one way tests call dbt: this project, its profiles, and a target and
log folder of the test's own (so parallel tests never share dbt's state)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_DIR = REPO_ROOT / "dbt"
DBT = Path(sys.executable).parent / "dbt"


def dbt_build_command(work_dir: Path, *extra: str) -> list[str]:
    """`dbt build` of this project, writing target/ and logs/ under work_dir."""
    return [
        str(DBT),
        "build",
        "--project-dir",
        str(DBT_DIR),
        "--profiles-dir",
        str(DBT_DIR),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
        *extra,
    ]
