"""The dbt project on PostgreSQL: the same models, tests and unit tests, the same marts.

The portability check of issue 13 (part 6): the raw history of the last
`make run` is mirrored into a PostgreSQL server (dagster_project/postgres_mirror.py),
dbt builds the project there with its `postgres` target (seeds, models, data
tests and unit tests), and every mart PostgreSQL built is compared, row by
row, with the DuckDB warehouse that run published, by scripts/compare_warehouses.py.

The server comes from the LAC_PG_* settings, which scripts/throwaway_postgres.sh
prints; `make test-postgres` (which `.ci/run` calls after `make test`) starts
one. `make test` leaves these tests out (marker `postgres`): they take minutes
and need the server. Run by hand without a
server, or without a `make run` before, they fail and say what is missing:
they never skip.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
import pytest

from dagster_project.dbt_project import DBT_PROJECT_DIR, dbt_executable, dbt_vars, single_council
from dagster_project.pooled_raw import build_pooled_raw
from dagster_project.postgres_mirror import (
    PostgresSettings,
    copy_marts_to_duckdb,
    mirror_raw_history,
)
from dagster_project.raw_history import as_of_date
from dagster_project.settings import REPO_ROOT, load_settings

pytestmark = pytest.mark.postgres

# What PostgreSQL builds: every model, seed and test the project has, so a
# DuckDB-only construct anywhere fails here.
SELECTION = ["--select", "fqn:*"]

# The published warehouse's table about the run itself (its id and time):
# written by the publish step, not by dbt, so PostgreSQL has no such table.
ABOUT_THE_RUN = {"publish_info"}


@pytest.fixture(scope="module")
def settings():
    return load_settings()


@pytest.fixture(scope="module")
def postgres() -> PostgresSettings:
    defaults = PostgresSettings()
    server = PostgresSettings(
        host=os.environ.get("LAC_PG_HOST", defaults.host),
        port=int(os.environ.get("LAC_PG_PORT", defaults.port)),
        user=os.environ.get("LAC_PG_USER", defaults.user),
        password=os.environ.get("LAC_PG_PASSWORD", defaults.password),
        database=os.environ.get("LAC_PG_DATABASE", defaults.database),
    )
    try:
        server.connect().close()
    except Exception as error:  # psycopg2.OperationalError; the message says why
        pytest.fail(
            f"no PostgreSQL server at {server.host}:{server.port} ({error}). "
            "Start one with `make test-postgres`, or "
            '`eval "$(scripts/throwaway_postgres.sh start)"` before pytest.'
        )
    return server


@pytest.fixture(scope="module")
def built_on_postgres(settings, postgres, tmp_path_factory):
    """The last `make run`'s raw history, built by dbt on PostgreSQL; dbt's run results."""
    for needed in (settings.raw_db_path, settings.warehouse_path):
        if not needed.exists():
            pytest.fail(f"{needed} is missing: run `make run` first (the default simulated LA)")
    # dbt reads the pooled raw history (each row with its council), as the nightly build does
    councils = single_council(settings)
    build_pooled_raw(settings.pooled_raw_path, councils)
    mirror_raw_history(settings.pooled_raw_path, postgres, councils=councils)
    with duckdb.connect(settings.raw_db_path.as_posix(), read_only=True) as raw:
        night = as_of_date(raw)
    target = tmp_path_factory.mktemp("dbt_postgres")
    environment = {
        **os.environ,
        # The night the DuckDB build used: the newest accepted social care extract.
        "LAC_DBT_AS_OF_DATE": night.isoformat() if night else "",
        "LAC_PG_HOST": postgres.host,
        "LAC_PG_PORT": str(postgres.port),
        "LAC_PG_USER": postgres.user,
        "LAC_PG_DATABASE": postgres.database,
    }

    def dbt(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                dbt_executable(),
                *arguments,
                "--target",
                "postgres",
                "--vars",
                json.dumps(dbt_vars(settings, None)),
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
                "--target-path",
                str(target / "target"),
                "--log-path",
                str(target / "logs"),
            ],
            env=environment,
            capture_output=True,
            text=True,
        )

    # DuckDB's date functions, defined on the server (macros/portable).
    prepared = dbt("run-operation", "postgres_compatibility")
    assert prepared.returncode == 0, prepared.stdout[-4000:] + prepared.stderr[-2000:]
    # Not timed here: the build times beside DuckDB's in docs/scaling.md come
    # from `/usr/bin/time dbt build`, a measurement, not a test.
    finished = dbt("build", *SELECTION)
    assert finished.returncode == 0, finished.stdout[-6000:] + finished.stderr[-2000:]
    return json.loads((target / "target" / "run_results.json").read_text())


def test_every_node_passes_on_postgres(built_on_postgres):
    statuses = {}
    for result in built_on_postgres["results"]:
        statuses.setdefault(result["status"], []).append(result["unique_id"])
    # warn: data tests at warn severity reporting what the data holds, as on DuckDB;
    # no-op: the ephemeral model, compiled into the marts that use it
    assert set(statuses) <= {"success", "pass", "warn", "no-op"}, statuses
    kinds = {unique_id.split(".")[0] for ids in statuses.values() for unique_id in ids}
    # models, seeds, data tests and unit tests all ran, not only some of them
    assert {"model", "seed", "test", "unit_test"} <= kinds, kinds


def test_postgres_marts_equal_the_duckdb_marts(built_on_postgres, settings, postgres, tmp_path):
    from_postgres = tmp_path / "postgres_marts.duckdb"
    copied = copy_marts_to_duckdb(postgres, from_postgres)
    with duckdb.connect(settings.warehouse_path.as_posix(), read_only=True) as published:
        duckdb_marts = {
            table
            for (table,) in published.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
    assert set(copied) == duckdb_marts - ABOUT_THE_RUN
    # The published warehouse without the run's own table, so the comparison
    # holds every mart against its PostgreSQL twin and nothing else.
    from_duckdb = tmp_path / "duckdb_marts.duckdb"
    with duckdb.connect(from_duckdb.as_posix()) as con:
        con.execute("attach ? as published (read_only)", [settings.warehouse_path.as_posix()])
        con.execute("create schema marts")
        for table in sorted(copied):
            con.execute(f'create table marts."{table}" as select * from published.marts."{table}"')
    compared = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "scripts" / "compare_warehouses.py"),
            str(from_duckdb),
            str(from_postgres),
        ],
        capture_output=True,
        text=True,
    )
    print(compared.stdout)
    assert compared.returncode == 0, compared.stdout + compared.stderr
    assert "All marts identical." in compared.stdout
