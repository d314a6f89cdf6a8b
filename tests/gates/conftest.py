"""Fixtures for ingest tests: a temporary landing zone and raw history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dagster_project.raw_history import connect


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    path = tmp_path / "landing"
    path.mkdir()
    return path


@pytest.fixture
def raw_db(tmp_path: Path) -> Path:
    return tmp_path / "raw" / "raw_history.duckdb"


@pytest.fixture
def con(raw_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(raw_db)
    try:
        yield connection
    finally:
        connection.close()
