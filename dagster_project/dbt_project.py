"""The dbt project, loaded once, and the CLI resource that runs it.

The manifest is prepared by `make setup` (and by the tests' session fixture)
with `dbt parse`, never at import: `DbtProject.prepare_if_dev()` only acts
under `dagster dev`, and a code location must load fast.
"""

from __future__ import annotations

import datetime as dt
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


def dbt_vars(settings: Settings, as_of_date: dt.date | None) -> dict[str, str]:
    """Everything dbt is told about the night, as `--vars`: paths, codes and rules.

    Vars, not environment variables, so nothing here touches the process's
    environment: profiles.yml reads the two paths with `var()` (a profile
    sees the command line's vars), the models read the rest. Each value comes
    from its one home, settings.py; dbt_project.yml holds only defaults for
    running dbt by hand (tests/dbt/test_vars_match_settings.py keeps them equal).
    """
    variables = {
        "raw_db": os.fspath(settings.raw_db_path),
        "build_db": os.fspath(settings.build_db_path),
        "la_code": settings.la_code,
        "benchmark_la_code": settings.benchmark_la_code,
        "rag_method": settings.rag_method,
        "direction_of_travel_convention": settings.direction_of_travel_convention,
    }
    if as_of_date is not None:
        variables["as_of_date"] = as_of_date.isoformat()
    return variables
