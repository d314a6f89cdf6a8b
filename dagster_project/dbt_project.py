"""The dbt project, loaded once, and the CLI resource that runs it.

The manifest is prepared by `make setup` (and by the tests' session fixture)
with `dbt parse`, never at import: `DbtProject.prepare_if_dev()` only acts
under `dagster dev`, and a code location must load fast.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path

from dagster_dbt import DbtCliInvocation, DbtCliResource, DbtProject
from pydantic import Field

from dagster_project.dbt_duckdb_plugin import (
    BUILD_DB_ENV,
    COUNCIL_RAW_DBS_ENV,
    MEMORY_LIMIT_ENV,
    RAW_DB_ENV,
)
from dagster_project.dbt_in_process import invoke_in_process
from dagster_project.pooled_raw import CouncilRaw
from dagster_project.settings import REPO_ROOT, Settings

DBT_PROJECT_DIR = REPO_ROOT / "dbt"

warehouse_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

# The parse `make setup` makes (and the tests' session start): every new dbt
# target folder starts from it (seed_partial_parse).
SEED_PARTIAL_PARSE = DBT_PROJECT_DIR / "target" / "partial_parse.msgpack"
PARTIAL_PARSE_FILE = "partial_parse.msgpack"


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
        seed_partial_parse(target_path)
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
    vars and the profile's connection values are those of the last parse:
    neither carries anything of a data folder (its paths go by environment,
    dbt_environment; the night is read by SQL, macros/reporting_vars.sql), so
    dbt parses only what changed instead of the whole project (8-10 s).
    """
    return settings.build_dir / "dbt_target"


def seed_partial_parse(target_path: Path) -> bool:
    """Start a new target folder from `make setup`'s parse; True when copied.

    dbt accepts it when its vars, profile and project files are those of the
    seed (it checks, and parses again otherwise): the nightly passes the same
    vars as `make setup`'s parse (`python -m dagster_project.dbt_project`)
    when the settings are the same. A folder that has a parse keeps its own.
    """
    destination = target_path / PARTIAL_PARSE_FILE
    if destination.exists() or not SEED_PARTIAL_PARSE.exists():
        return False
    target_path.mkdir(parents=True, exist_ok=True)
    # Copied under another name and renamed: a dbt started at the same
    # moment never reads half a file.
    partial = destination.with_name(f".{PARTIAL_PARSE_FILE}.{os.getpid()}")
    shutil.copyfile(SEED_PARTIAL_PARSE, partial)
    partial.replace(destination)
    return True


AS_OF_DATE_ENV = "LAC_DBT_AS_OF_DATE"


@contextmanager
def environment_for_dbt(variables: Mapping[str, str | None]) -> Iterator[None]:
    """`variables` set while dbt builds (None: unset), then put back as they were.

    dbt in process reads this process's environment during the whole build;
    a dbt process (`in_process=False`) gets a copy when dagster-dbt starts
    it (dagster-dbt's `cli` takes no environment of its own). This is how the
    data folder's paths (dbt_environment) and the night (AS_OF_DATE_ENV,
    macros/reporting_vars.sql) reach dbt without being vars, which dbt
    hashes (see `dbt_target_dir`).
    """
    before = {name: os.environ.get(name) for name in variables}
    try:
        for name, value in variables.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def night_for_dbt(as_of_date: dt.date | None) -> dict[str, str | None]:
    """The night for `environment_for_dbt`: None leaves dbt to read it from the data."""
    return {AS_OF_DATE_ENV: None if as_of_date is None else as_of_date.isoformat()}


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


def dbt_vars(settings: Settings, as_of_date: dt.date | None) -> dict[str, object]:
    """The rules dbt is told as `--vars`: codes and conventions, nothing of a data folder.

    dbt hashes the vars to decide whether its last parse still holds, so only
    values that are the same from folder to folder go here; the paths go by
    environment (`dbt_environment`). Each value comes from its one home,
    settings.py; dbt_project.yml holds only defaults for running dbt by hand
    (tests/dbt/test_vars_match_settings.py keeps them equal).

    The nightly run passes no as_of_date (None): dbt reads the night from the
    raw history itself (macros/reporting_vars.sql), so the vars stay the same
    from night to night and dbt's partial parse survives. Give a date only to
    compute figures as known on another night.
    """
    variables: dict[str, object] = {
        "la_code": settings.la_code,
        "benchmark_la_code": settings.benchmark_la_code,
        "rag_method": settings.rag_method,
        "direction_of_travel_convention": settings.direction_of_travel_convention,
    }
    if as_of_date is not None:
        variables["as_of_date"] = as_of_date.isoformat()
    return variables


def dbt_environment(
    settings: Settings, councils: Sequence[CouncilRaw] | None = None
) -> dict[str, str]:
    """The data folder's files for dbt, as environment variables of dbt's process only.

    Read when dbt connects, by the profile's plugin (dbt_duckdb_plugin.py),
    never when it parses: the working database dbt builds into, the pooled
    raw history (pooled_raw.py) and each council's own raw history, which
    its views read (without `councils`, the one council of the settings),
    and DuckDB's memory limit for the build.
    """
    councils = single_council(settings) if councils is None else councils
    return {
        BUILD_DB_ENV: os.fspath(settings.build_db_path),
        RAW_DB_ENV: os.fspath(settings.pooled_raw_path),
        COUNCIL_RAW_DBS_ENV: json.dumps({c.la_code: os.fspath(c.raw_db_path) for c in councils}),
        MEMORY_LIMIT_ENV: settings.dbt_memory_limit,
    }


def parse_command(settings: Settings) -> list[str]:
    """`dbt parse` with the nightly's vars: the parse each new target folder starts from."""
    return [
        dbt_executable(),
        *("parse", "--quiet", "--project-dir", os.fspath(DBT_PROJECT_DIR)),
        *("--profiles-dir", os.fspath(DBT_PROJECT_DIR)),
        *("--vars", json.dumps(dbt_vars(settings, as_of_date=None))),
    ]


if __name__ == "__main__":
    # `make setup` and the tests' session start: dbt/target/manifest.json,
    # which the code location loads, and the seed of every target folder.
    import subprocess

    from dagster_project.settings import load_settings

    raise SystemExit(subprocess.run(parse_command(load_settings()), check=False).returncode)
