"""The one way tests call dbt: this project, its profiles, and a target and
log folder of the test's own (so parallel tests never share dbt's state),
started from the session's parse (dbt_project.seed_partial_parse), with the
data folder's paths in dbt's environment as the nightly run hands them over."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from dagster_project.dbt_project import dbt_environment, seed_partial_parse
from dagster_project.pooled_raw import CouncilRaw
from dagster_project.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_DIR = REPO_ROOT / "dbt"
DBT = Path(sys.executable).parent / "dbt"


def dbt_build_command(work_dir: Path, *extra: str) -> list[str]:
    """`dbt build` of this project, writing target/ and logs/ under work_dir.

    The target folder starts from the session's parse, as the nightly's does.
    """
    seed_partial_parse(work_dir / "target")
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


def dbt_process_environment(
    settings: Settings, councils: Sequence[CouncilRaw] | None = None, **extra: str
) -> dict[str, str]:
    """This process's environment plus what the nightly run hands dbt for `settings`' files."""
    return {**os.environ, **dbt_environment(settings, councils=councils), **extra}
