"""Each setting dbt uses has one home, settings.py; dbt is told it as a var.

dbt_project.yml keeps a default for each var only so dbt can parse and run by
hand; those defaults must equal the Python ones, or a hand-run dbt and the
nightly job would disagree about the council or the RAG rule. The profile
reads no var and no path: the data folder's files reach dbt's plugin by
environment (dbt_project.dbt_environment), so dbt's parse holds across folders.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import yaml

from dagster_project.dbt_duckdb_plugin import (
    BUILD_DB_ENV,
    COUNCIL_RAW_DBS_ENV,
    DEFAULT_MEMORY_LIMIT,
    MEMORY_LIMIT_ENV,
    RAW_DB_ENV,
)
from dagster_project.dbt_project import DBT_PROJECT_DIR, dbt_environment, dbt_vars
from dagster_project.resources import LacSettings
from dagster_project.settings import (
    DBT_MEMORY_LIMIT_MB_MAX,
    DEFAULT_BENCHMARK_LA_CODE,
    DEFAULT_LA_CODE,
    resolve_settings,
)

SETTINGS_DBT_DECLARES = {
    "la_code",
    "benchmark_la_code",
    "rag_method",
    "direction_of_travel_convention",
}


def declared_vars() -> dict:
    return yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())["vars"]


def test_dbt_defaults_equal_the_python_defaults():
    settings = LacSettings().settings
    passed = dbt_vars(settings, as_of_date=None)
    declared = declared_vars()
    shared = set(passed) & set(declared)
    assert shared == set(passed) == SETTINGS_DBT_DECLARES
    assert {name: str(declared[name]) for name in shared} == {name: passed[name] for name in shared}
    assert (passed["la_code"], passed["benchmark_la_code"]) == (
        DEFAULT_LA_CODE,
        DEFAULT_BENCHMARK_LA_CODE,
    )


def test_no_dbt_file_writes_a_default_of_its_own():
    """A var read with a default (var('la_code', '999')) would be a second home."""
    with_default = re.compile(r"var\(\s*['\"](\w+)['\"]\s*,")
    offenders = [
        f"{path.relative_to(DBT_PROJECT_DIR)}: {name}"
        for folder in ("models", "macros")
        for path in (DBT_PROJECT_DIR / folder).rglob("*.sql")
        for name in with_default.findall(path.read_text())
        if name in SETTINGS_DBT_DECLARES or name == "as_of_date"
    ]
    assert offenders == []


def test_the_profile_holds_nothing_of_a_data_folder():
    """dbt hashes the profile's connection values: a var or path there would
    make each data folder parse the project again."""
    profile = yaml.safe_load((DBT_PROJECT_DIR / "profiles.yml").read_text())
    dev = profile["lac_warehouse"]["outputs"]["dev"]
    assert "{{" not in str(dev)
    assert dev["plugins"] == [{"module": "dagster_project.dbt_duckdb_plugin"}]


def test_the_data_folders_files_reach_dbt_by_environment():
    settings = LacSettings(data_dir="/srv/lac").settings
    handed = dbt_environment(settings)
    # dbt reads the councils through the pooled raw history (pooled_raw.py)
    assert handed[RAW_DB_ENV] == str(settings.pooled_raw_path)
    assert handed[BUILD_DB_ENV] == str(settings.build_db_path)
    assert handed[BUILD_DB_ENV].endswith("lac/build/warehouse.duckdb")
    assert json.loads(handed[COUNCIL_RAW_DBS_ENV]) == {settings.la_code: str(settings.raw_db_path)}
    assert handed[MEMORY_LIMIT_ENV] == settings.dbt_memory_limit
    assert f"{DBT_MEMORY_LIMIT_MB_MAX}MB" == DEFAULT_MEMORY_LIMIT


def test_configured_settings_reach_dbt():
    settings = LacSettings(
        la_code="372", rag_method="three_way_2013", direction_of_travel_convention="performance"
    ).settings
    passed = dbt_vars(settings, as_of_date=dt.date(2024, 3, 31))
    assert passed["la_code"] == "372"
    assert passed["rag_method"] == "three_way_2013"
    assert passed["direction_of_travel_convention"] == "performance"
    assert passed["as_of_date"] == "2024-03-31"
    # No accepted social care extract yet: dbt's own default (empty = today) applies.
    assert "as_of_date" not in dbt_vars(settings, as_of_date=None)


@pytest.mark.parametrize(
    ("name", "value"), [("rag_method", "tolerance"), ("direction_of_travel_convention", "arrows")]
)
def test_a_misspelt_rule_is_refused_by_name(name, value):
    with pytest.raises(ValueError, match=r"LAC_(RAG_METHOD|DOT_CONVENTION)='"):
        resolve_settings({name: value})
