"""How the nightly run invokes dbt: no `dbt --version`, and a parse that survives the night.

The night is not a dbt var (any change of vars makes dbt parse the whole
project again): it reaches dbt as an environment variable read only at
execution, so a second invocation with another night partially parses.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from importlib.metadata import version

from packaging.version import parse

from dagster_project.dbt_project import (
    AS_OF_DATE_ENV,
    DBT_PROJECT_DIR,
    WarehouseDbtCli,
    environment_for_dbt,
    night_for_dbt,
    seed_partial_parse,
    warehouse_dbt_project,
)
from tests.support.dbt_cli import DBT, DBT_DIR


def test_the_night_is_in_the_environment_only_while_dbt_is_started(monkeypatch):
    monkeypatch.setenv(AS_OF_DATE_ENV, "1999-12-31")
    with environment_for_dbt(night_for_dbt(dt.date(2024, 3, 31))):
        assert os.environ[AS_OF_DATE_ENV] == "2024-03-31"
    assert os.environ[AS_OF_DATE_ENV] == "1999-12-31"
    monkeypatch.delenv(AS_OF_DATE_ENV)
    with environment_for_dbt(night_for_dbt(None)):
        assert AS_OF_DATE_ENV not in os.environ
    with environment_for_dbt(night_for_dbt(dt.date(2024, 3, 31))):
        pass
    assert AS_OF_DATE_ENV not in os.environ


def test_a_new_target_folder_starts_from_the_setup_parse(tmp_path):
    seed = DBT_PROJECT_DIR / "target" / "partial_parse.msgpack"
    assert seed.exists(), "the session's `dbt parse` (tests/conftest.py) writes it"
    assert seed_partial_parse(tmp_path / "target")
    assert (tmp_path / "target" / "partial_parse.msgpack").read_bytes() == seed.read_bytes()
    # A folder's own parse is newer than the seed: kept.
    (tmp_path / "target" / "partial_parse.msgpack").write_bytes(b"its own")
    assert not seed_partial_parse(tmp_path / "target")
    assert (tmp_path / "target" / "partial_parse.msgpack").read_bytes() == b"its own"
    assert sorted(p.name for p in (tmp_path / "target").iterdir()) == ["partial_parse.msgpack"]


def test_dbts_version_is_read_without_running_dbt(tmp_path):
    marker = tmp_path / "ran"
    fake_dbt = tmp_path / "dbt"
    fake_dbt.write_text(f"#!/bin/sh\ntouch {marker}\necho 'Core: 0.0.1'\n")
    fake_dbt.chmod(0o755)
    resource = WarehouseDbtCli(
        project_dir=warehouse_dbt_project,
        profiles_dir=os.fspath(DBT_PROJECT_DIR),
        dbt_executable=os.fspath(fake_dbt),
    )
    assert resource._cli_version == parse(version("dbt-core"))
    assert resource._initialize_dbt_core_adapter(["build"]) is None
    assert not marker.exists()


def _compile_as_of(tmp_path, env_date: str, **variables: str) -> subprocess.CompletedProcess:
    """`dbt compile` of the as_of_date() macro: one target folder, so one parse state."""
    return subprocess.run(
        [
            *(str(DBT), "compile", "--inline", "select {{ as_of_date() }} as night"),
            *("--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR), "--target", "lint"),
            *("--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")),
            *("--vars", json.dumps({"la_code": "999", **variables})),
        ],
        env={**os.environ, AS_OF_DATE_ENV: env_date},
        capture_output=True,
        text=True,
        check=True,
    )


FULL_PARSE = "Unable to do partial parsing"


def test_the_night_is_read_at_execution_and_keeps_the_partial_parse(tmp_path):
    first = _compile_as_of(tmp_path, "2024-03-31")  # parses the project in full
    assert "date '2024-03-31'" in first.stdout, first.stdout[-2000:]
    second = _compile_as_of(tmp_path, "2024-04-01")
    assert "date '2024-04-01'" in second.stdout, second.stdout[-2000:]
    # Another night, the same vars and profile: dbt reuses its parse.
    assert FULL_PARSE not in second.stdout, second.stdout[-2000:]
    # A var, when given, is the night (back-tests, unit tests, dbt by hand),
    # and changing it costs a full parse, as it always did.
    given = _compile_as_of(tmp_path, "2024-04-01", as_of_date="2023-01-31")
    assert "date '2023-01-31'" in given.stdout
    assert FULL_PARSE in given.stdout
