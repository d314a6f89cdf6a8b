"""Fixtures for the bad-input corpus: one good night of every source, primed once.

The template raw history holds one accepted drop of each source (100 rows a
table, so the volume gates judge the next night); each case gets its own
copy, and the template's landing folders, so a case can copy last night's
files byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dagster_project.raw_history import connect
from tests.hardening.cases import PRIMED_DATE, SOURCES, N
from tests.ingest.drops import prime_raw_history
from tests.support.fixtures import fake_slack  # noqa: F401  (fixture re-export)


@pytest.fixture(scope="session")
def primed_template(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("corpus")
    db, landing = base / "raw.duckdb", base / "landing"
    prime_raw_history(db, landing, SOURCES, PRIMED_DATE, N)
    return db, landing


@pytest.fixture
def primed(tmp_path, primed_template):
    """(connection, landing zone holding the good night, template landing)."""
    db, template_landing = primed_template
    copy = tmp_path / "raw.duckdb"
    shutil.copy(db, copy)
    landing = tmp_path / "landing"
    shutil.copytree(template_landing, landing, symlinks=True)
    con = connect(copy)
    try:
        yield con, landing
    finally:
        con.close()


# Whole nights (test_whole_nights.py) take minutes: they run under
# `make test-hardening` (LAC_HARDENING=1) and are deselected, visibly ("N
# deselected" in pytest's summary), from `make test`.
def pytest_configure(config):
    config.addinivalue_line("markers", "hardening: a whole-night corpus case (make test-hardening)")


def pytest_collection_modifyitems(config, items):
    import os

    if os.environ.get("LAC_HARDENING") == "1":
        return
    slow = [item for item in items if item.get_closest_marker("hardening")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("hardening")]
