"""The profile's plugin opens the data folder's files that dbt's environment names."""

from __future__ import annotations

import json
from types import SimpleNamespace

import duckdb
import pytest

from dagster_project.dbt_duckdb_plugin import (
    BUILD_DB_ENV,
    COUNCIL_RAW_DBS_ENV,
    MEMORY_LIMIT_ENV,
    RAW_DB_ENV,
    Plugin,
)


def plugin() -> Plugin:
    return Plugin(name="dbt_duckdb_plugin", plugin_config={})


def test_the_connection_opens_the_folders_files(tmp_path, monkeypatch):
    for name in ("raw_pooled", "raw_history"):
        duckdb.connect(str(tmp_path / f"{name}.duckdb")).close()
    build_db = tmp_path / "build" / "warehouse.duckdb"
    monkeypatch.setenv(BUILD_DB_ENV, str(build_db))
    monkeypatch.setenv(RAW_DB_ENV, str(tmp_path / "raw_pooled.duckdb"))
    monkeypatch.setenv(
        COUNCIL_RAW_DBS_ENV, json.dumps({"999": str(tmp_path / "raw_history.duckdb")})
    )
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "300MB")
    opened = plugin()
    creds = SimpleNamespace(path="../data/build/warehouse.duckdb")
    config: dict = {}
    opened.update_connection_config(creds, config)
    assert creds.path == str(build_db)
    assert config == {"memory_limit": "300MB"}
    with duckdb.connect() as con:
        opened.configure_connection(con)
        attached = dict(
            con.execute(
                "select database_name, readonly from duckdb_databases() where not internal"
            ).fetchall()
        )
    assert attached == {"memory": False, "raw": True, "council_999": True}


def test_without_the_environment_the_profiles_defaults_hold(monkeypatch):
    for name in (BUILD_DB_ENV, RAW_DB_ENV, COUNCIL_RAW_DBS_ENV, MEMORY_LIMIT_ENV):
        monkeypatch.delenv(name, raising=False)
    creds = SimpleNamespace(path="../data/build/warehouse.duckdb")
    config: dict = {}
    plugin().update_connection_config(creds, config)
    assert creds.path == "../data/build/warehouse.duckdb"
    assert config == {"memory_limit": "512MB"}


@pytest.mark.parametrize(
    ("name", "value", "refusal"),
    [
        (COUNCIL_RAW_DBS_ENV, json.dumps({"99; drop": "/x.duckdb"}), "three digits"),
        (BUILD_DB_ENV, "/srv/lac/build/other.duckdb", "warehouse.duckdb"),
    ],
)
def test_a_file_dbt_would_misname_is_refused(monkeypatch, name, value, refusal):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=refusal):
        plugin()
