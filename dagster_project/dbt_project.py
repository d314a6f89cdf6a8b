"""The dbt project, loaded once, and the CLI resource that runs it.

The manifest is prepared by `make setup` (and by the tests' session fixture)
with `dbt parse`, never at import: `DbtProject.prepare_if_dev()` only acts
under `dagster dev`, and a code location must load fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path

from dagster_dbt import DbtCliInvocation, DbtCliResource, DbtProject
from pydantic import Field

from dagster_project.dbt_in_process import invoke_in_process
from dagster_project.pooled_raw import CouncilRaw
from dagster_project.settings import REPO_ROOT, Settings

DBT_PROJECT_DIR = REPO_ROOT / "dbt"

warehouse_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_executable() -> str:
    """dbt from this interpreter's venv, so nothing depends on an activated venv."""
    return str(Path(sys.executable).parent / "dbt")


class WarehouseDbtCli(DbtCliResource):
    """dagster-dbt's CLI resource without two costs the nightly run does not need.

    Measured (scripts/benchmark_nightly.py): dagster-dbt runs `dbt --version`
    in a subprocess each night only to learn whether dbt is the Fusion engine
    (4-5 s, and it tries to reach the package index), then builds a dbt
    adapter in this process (about 3 s) that it uses only to fetch column
    metadata and row counts, which this project does not ask for. The version
    is read from the installed dbt-core's metadata instead, and no adapter is
    built (dagster-dbt then skips those fetches). dagster-dbt is pinned to
    0.29 in pyproject.toml: these are its private hooks.
    """

    # Off by default: measured with `make bench` (docs/performance.md), dbt in
    # process saves 6-7 s of CPU a night (12%) but leaves the pipeline process
    # about 150 MB larger at the report step, and the tree then peaks at
    # 1.1 GB, over the 1 GB target that dbt as a process keeps (920-939 MB).
    in_process: bool = Field(
        default=False,
        description=(
            "Run dbt in the pipeline process (dbtRunner) rather than as a dbt process;"
            " the Dagster events are the same (dagster_project/dbt_in_process.py)."
            " Saves about 12% of the night's CPU; peaks about 150 MB higher."
        ),
    )

    def build_night(self, args: list[str], context, target_path: Path) -> DbtCliInvocation:
        """`dbt <args>` for the step in `context`, in this process unless `in_process` is off."""
        if not self.in_process:
            return self.cli(args, context=context, target_path=target_path)
        return invoke_in_process(
            args=args,
            context=context,
            project_dir=Path(self.project_dir),
            profiles_dir=os.fspath(self.profiles_dir or self.project_dir),
            target_path=target_path,
            cli_version=self._cli_version,
        )

    @cached_property
    def _cli_version(self):
        from packaging import version

        return version.parse(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def dbt_target_dir(settings: Settings) -> Path:
    """One dbt target folder per data folder, kept from night to night.

    dbt's partial parse (target/partial_parse.msgpack) is reused only when the
    vars and the profile are those of the last parse: the vars carry paths
    and codes that do not change from night to night (the night itself is
    read by SQL, macros/reporting_vars.sql), so from the second night on dbt
    parses only what changed instead of the whole project (8-10 s).
    """
    return settings.build_dir / "dbt_target"


AS_OF_DATE_ENV = "LAC_DBT_AS_OF_DATE"


@contextmanager
def night_for_dbt(as_of_date: dt.date | None) -> Iterator[None]:
    """`AS_OF_DATE_ENV` set while dbt builds, then put back as it was.

    dbt in process reads this process's environment during the whole build;
    a dbt process (`in_process=False`) gets a copy when dagster-dbt starts
    it. Either way the night reaches dbt's
    macros/reporting_vars.sql that way, read at execution only, so it does
    not make dbt parse again (see `dbt_target_dir`).
    """
    before = os.environ.get(AS_OF_DATE_ENV)
    if as_of_date is None:
        os.environ.pop(AS_OF_DATE_ENV, None)
    else:
        os.environ[AS_OF_DATE_ENV] = as_of_date.isoformat()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(AS_OF_DATE_ENV, None)
        else:
            os.environ[AS_OF_DATE_ENV] = before


def dbt_resource() -> DbtCliResource:
    return WarehouseDbtCli(
        project_dir=warehouse_dbt_project,
        profiles_dir=os.fspath(DBT_PROJECT_DIR),
        dbt_executable=dbt_executable(),
    )


def single_council(settings: Settings) -> list[CouncilRaw]:
    """The one council a single-council data folder holds, as the pooled raw history lists it."""
    return [
        CouncilRaw(
            la_code=settings.la_code,
            raw_db_path=settings.raw_db_path,
            benchmark_la_code=settings.benchmark_la_code,
        )
    ]


def dbt_vars(
    settings: Settings,
    as_of_date: dt.date | None,
    councils: Sequence[CouncilRaw] | None = None,
) -> dict[str, object]:
    """Everything dbt is told about the night, as `--vars`: paths, codes and rules.

    Vars, not environment variables, so nothing here touches the process's
    environment: profiles.yml reads the two paths with `var()` (a profile
    sees the command line's vars), the models read the rest. Each value comes
    from its one home, settings.py; dbt_project.yml holds only defaults for
    running dbt by hand (tests/dbt/test_vars_match_settings.py keeps them equal).

    The nightly run passes no as_of_date (None): dbt reads the night from the
    raw history itself (macros/reporting_vars.sql), so the vars stay the same
    from night to night and dbt's partial parse survives. Give a date only to
    compute figures as known on another night.

    dbt reads the councils' raw histories through the pooled raw history
    (pooled_raw.py): `raw_db` is that file, and `council_raw_dbs` the file
    of each council, which dbt attaches before it builds (macro
    attach_council_raw_histories). Without `councils`, the one council of
    the settings.
    """
    councils = single_council(settings) if councils is None else councils
    variables: dict[str, object] = {
        "raw_db": os.fspath(settings.pooled_raw_path),
        "council_raw_dbs": {c.la_code: os.fspath(c.raw_db_path) for c in councils},
        "build_db": os.fspath(settings.build_db_path),
        "la_code": settings.la_code,
        "benchmark_la_code": settings.benchmark_la_code,
        "rag_method": settings.rag_method,
        "direction_of_travel_convention": settings.direction_of_travel_convention,
        # Read by profiles.yml only: DuckDB's own memory limit for the build.
        "duckdb_memory_limit": settings.dbt_memory_limit,
    }
    if as_of_date is not None:
        variables["as_of_date"] = as_of_date.isoformat()
    return variables
