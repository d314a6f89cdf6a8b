"""The dbt project, loaded once, and the CLI resource that runs it.

The manifest is prepared by `make setup` (and by the tests' session fixture)
with `dbt parse`, never at import: `DbtProject.prepare_if_dev()` only acts
under `dagster dev`, and a code location must load fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from dagster_project.settings import REPO_ROOT, Settings

DBT_PROJECT_DIR = REPO_ROOT / "dbt"

warehouse_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_executable() -> str:
    """dbt from this interpreter's venv, so nothing depends on an activated venv."""
    return str(Path(sys.executable).parent / "dbt")


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(
        project_dir=warehouse_dbt_project,
        profiles_dir=os.fspath(DBT_PROJECT_DIR),
        dbt_executable=dbt_executable(),
    )


def dbt_environment(settings: Settings) -> dict[str, str]:
    """What profiles.yml reads: dbt gets paths from the environment, not vars."""
    return {
        "LAC_RAW_DB": os.fspath(settings.raw_db_path),
        "LAC_BUILD_DB": os.fspath(settings.build_db_path),
        "LAC_LA_CODE": settings.la_code,
        "LAC_BENCHMARK_LA_CODE": settings.benchmark_la_code,
    }
