"""Paths reach SQL as parameters: an apostrophe or a space in a folder name is no SQL.

LAC_DATA_DIR is chosen by whoever installs the pipeline (`/srv/O'Neill's
team/lac`); every path that reaches DuckDB goes as a bound parameter, never
pasted between quotes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dagster_project.indicator_history import HISTORY_TABLE, record_published_values
from dagster_project.pooled_raw import CouncilRaw
from dagster_project.publish import publish_marts
from dagster_project.reporting.exception_lists import load_exceptions

REPO = Path(__file__).resolve().parents[2]
AWKWARD = "O'Neill's team/lac data"

# A path pasted into SQL text: `attach '{...}'`, `copy ... to '{...}'`, `read_csv('{...}')`.
PASTED_PATH = re.compile(r"""(attach|to|read_\w+\()\s*'\{""", re.IGNORECASE)


def marts_db(path: Path, value: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.indicator_values as select '999' as la_code, 'x' as indicator_id,"
            " 'month' as period_type, date '2026-09-30' as period_end,"
            " date '2026-10-24' as as_of_date, 1.0::double as numerator,"
            " 2.0::double as denominator, ?::double as value, 'percentage' as unit",
            [value],
        )
    return path


def test_the_indicator_history_is_kept_from_an_awkward_folder(tmp_path):
    root = tmp_path / AWKWARD
    build = marts_db(root / "build" / "warehouse.duckdb", 50.0)
    raw = root / "raw" / "raw_history.duckdb"
    raw.parent.mkdir(parents=True)
    assert record_published_values(raw, build, "r1", "999") == 1
    with duckdb.connect(str(raw), read_only=True) as con:
        assert con.execute(f"select value from {HISTORY_TABLE}").fetchall() == [(50.0,)]


def test_publish_and_the_comparison_script_work_from_an_awkward_folder(tmp_path):
    root = tmp_path / AWKWARD
    before, after = root / "before" / "warehouse.duckdb", root / "after" / "warehouse.duckdb"
    for warehouse, value in ((before, 50.0), (after, 50.0)):
        build = marts_db(warehouse.parent / "build.duckdb", value)
        publish_marts(build, warehouse, "r1", "2026-10-24", root / "exports")
    compared = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "compare_warehouses.py"), str(before), str(after)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert compared.returncode == 0, compared.stdout + compared.stderr
    assert "All marts identical." in compared.stdout


def test_the_exception_lists_attach_the_raw_history_from_an_awkward_folder(tmp_path):
    root = tmp_path / AWKWARD
    raw = root / "raw" / "raw_history.duckdb"
    raw.parent.mkdir(parents=True)
    duckdb.connect(str(raw)).close()
    pooled = root / "build" / "raw_pooled.duckdb"
    pooled.parent.mkdir(parents=True)
    duckdb.connect(str(pooled)).close()
    build = root / "build" / "warehouse.duckdb"
    with duckdb.connect(str(build)) as con:
        con.execute("create schema marts")
    # The attach is what broke (a parser error); past it, the query stops at
    # the tables this empty working database does not have.
    with pytest.raises(duckdb.CatalogException):
        load_exceptions(build, pooled, [CouncilRaw(la_code="999", raw_db_path=raw)])


def test_no_module_pastes_a_path_between_quotes():
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for folder in ("dagster_project", "scripts")
        for path in sorted((REPO / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if PASTED_PATH.search(line)
    ]
    assert offenders == []
