"""Marts built from row versions equal marts built from nightly snapshots, row for row.

A small clean LA is simulated for several nights; one night's visits file
loses rows and gains duplicate rows, and the next night has them back (a
deletion, duplicates and rows that change back). Every night's drops are
read and typed by the ingest's own reader and caster, then stored twice:

- through the nightly writer, as row versions (the raw history as it is);
- as the snapshots the raw history used to keep: each night's typed rows
  appended whole to a plain table, with `_extract_date`, `_source_file` and
  `_row_number`, and the list of nights taken from those tables.

dbt builds the marts from each, as known on several nights, and
scripts/compare_warehouses.py must find every mart identical.

`make test-storage` (LAC_STORAGE_NIGHTS=30, run by CI after `make test`)
runs 30 nights compared as of 4; by hand, without the variable, 4 nights
compared as of one. Marked `storage` and left out of `make test`, which
must stay under 10 minutes.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from contract import load_contract
from dagster_project import raw_history
from dagster_project.ingest.cast_guard import cast_located
from dagster_project.ingest.discovery import all_drops
from dagster_project.ingest.reading import read_table
from dagster_project.ingest.writing import TableWrite, write_accepted
from dagster_project.row_versions import NIGHTS_DDL, SCHEMA
from tests.dbt.test_dbt_project import run_dbt_build

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.storage
NIGHTS = int(os.environ.get("LAC_STORAGE_NIGHTS", "4"))
END = dt.date(2024, 3, 31)
SIM_ARGS = ["--population", "6000", "--start", "2023-04-01", "--seed", "7", "--clean", "--no-truth"]
SIM_ARGS += ["--end", END.isoformat(), "--extracts", str(NIGHTS)]
# Nights (0-based) the marts are compared as of: the first night, one whose
# later nights hold changed versions, the night of the edited visits, the last.
# `make test` compares one night, older than the newest (so newer versions
# must be left out) and the one with the edited visits.
AS_OF = sorted({0, 1, NIGHTS // 3, NIGHTS - 1}) if NIGHTS > 4 else [1]
EDITED_NIGHT = 1  # visits lose 3 rows and gain 2 duplicates; the next night has them back


def _edit_visits(path: Path) -> None:
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    body = body[3:] + body[10:12]  # three rows gone, two rows twice
    with path.open("w", newline="") as f:
        csv.writer(f).writerows([header, *body])


def _snapshot_table(con: duckdb.DuckDBPyConnection, table, write: TableWrite, night) -> None:
    """Append one night's typed rows whole, as the raw history used to."""
    frame = write.typed[[*table.column_names, "_row_number"]].copy()
    frame["_extract_date"] = night
    frame["_source_file"] = write.file
    con.register("_snapshot_rows", frame)
    try:
        name = f'"{table.qualified_name}"'
        exists = con.execute(
            "select count(*) from information_schema.tables where table_name = ?",
            [table.qualified_name],
        ).fetchone()[0]
        if exists:
            con.execute(f"insert into {name} by name select * from _snapshot_rows")
        else:
            con.execute(f"create table {name} as select * from _snapshot_rows")
    finally:
        con.unregister("_snapshot_rows")


@pytest.fixture(scope="module")
def histories(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("storage")
    landing = root / "landing"
    subprocess.run(
        [sys.executable, "-m", "simulator", "--out", str(landing), *SIM_ARGS],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    nights = sorted(d.extract_date for d in all_drops(landing, "social_care"))
    assert len(nights) == NIGHTS
    _edit_visits(landing / "social_care" / nights[EDITED_NIGHT].isoformat() / "visits.csv")

    versions_db = root / "versions" / "raw_history.duckdb"
    snapshots_only = root / "snapshots_only.duckdb"
    versions = raw_history.connect(versions_db)
    snapshots = duckdb.connect(str(snapshots_only))
    for source in load_contract().sources:
        for drop in all_drops(landing, source.name):
            writes = []
            for table in source.tables:
                read = read_table(drop.path, table)
                typed = cast_located(table, read.frame, read.location, read.row_label)
                writes.append(TableWrite(table, read.file, read.sha256, typed, len(read.frame)))
                _snapshot_table(snapshots, table, writes[-1], drop.extract_date)
            write_accepted(versions, source.name, drop.extract_date, writes)
    versions.close()
    snapshots.close()

    # The snapshot raw history: the same bookkeeping tables, the contract
    # tables as plain snapshot tables, and nights listed from those tables.
    snapshot_db = root / "snapshots" / "raw_history.duckdb"
    snapshot_db.parent.mkdir()
    shutil.copy(versions_db, snapshot_db)
    con = duckdb.connect(str(snapshot_db))
    con.execute("attach ? as snapshots (read_only)", [str(snapshots_only)])
    con.execute(NIGHTS_DDL.replace(f"{SCHEMA}._nights", "_snapshot_nights"))
    simulated = {t.qualified_name for t in load_contract().tables()}
    for table in raw_history.stored_tables():
        name = f'"{table.qualified_name}"'
        # the 903's tables (never simulated here) stay empty, as the view gives them
        origin = f"snapshots.{name}" if table.qualified_name in simulated else name
        con.execute(f"create table _snapshot as select * from {origin}")
        con.execute(f"drop view {name}")
        con.execute(f"alter table _snapshot rename to {name}")
        con.execute(
            f"insert into _snapshot_nights select '{table.qualified_name}', _extract_date, "
            f"min(_source_file), count(*) from {name} group by _extract_date"
        )
    con.execute(f"drop schema {SCHEMA} cascade")
    con.execute(f"create schema {SCHEMA}")
    con.execute(f"create table {SCHEMA}._nights as select * from _snapshot_nights")
    con.execute("drop table _snapshot_nights")
    con.close()
    return {"root": root, "nights": nights, "versions": versions_db, "snapshots": snapshot_db}


def test_row_versions_store_a_fraction_of_the_snapshots(histories):
    with duckdb.connect(str(histories["versions"]), read_only=True) as con:
        versions = con.execute(f"select count(*) from {SCHEMA}.social_care__visits").fetchone()
        per_night = con.execute(
            "select count(*) from social_care__visits group by _extract_date"
        ).fetchall()
    with duckdb.connect(str(histories["snapshots"]), read_only=True) as con:
        snapshot_rows = con.execute("select count(*) from social_care__visits").fetchone()
    assert snapshot_rows[0] == sum(n for (n,) in per_night)
    # every night's visits, stored once plus what changed: far below a snapshot a night
    assert versions[0] < max(n for (n,) in per_night) * 1.2


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """dbt's marts from a raw history as of a night, each built once per module."""
    built: dict = {}

    def marts(raw_db: Path, as_of: dt.date) -> Path:
        if (raw_db, as_of) not in built:
            work = tmp_path_factory.mktemp("build")
            result, build_db = run_dbt_build(
                work,
                raw_db,
                "--exclude",
                "resource_type:test",
                "resource_type:unit_test",
                as_of_date=as_of.isoformat(),
            )
            assert result.returncode == 0, result.stdout[-4000:]
            built[(raw_db, as_of)] = build_db
        return built[(raw_db, as_of)]

    return marts


def assert_identical(before: Path, after: Path) -> None:
    compared = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "compare_warehouses.py"), str(before), str(after)],
        capture_output=True,
        text=True,
    )
    assert compared.returncode == 0, compared.stdout
    assert "All marts identical." in compared.stdout
    with duckdb.connect(str(after), read_only=True) as con:
        values = con.execute("select count(*) from marts.indicator_values").fetchone()[0]
    assert values > 0  # the comparison compared figures, not two empty warehouses


@pytest.mark.parametrize("as_of_index", AS_OF)
def test_every_mart_is_identical_as_of_a_night(histories, build, as_of_index):
    as_of = histories["nights"][as_of_index]
    assert_identical(build(histories["snapshots"], as_of), build(histories["versions"], as_of))


def test_a_migrated_snapshot_history_builds_the_same_marts(histories, build, tmp_path):
    # the snapshot history as the old release left it: no row_versions schema
    migrated = tmp_path / "raw" / "raw_history.duckdb"
    migrated.parent.mkdir()
    shutil.copy(histories["snapshots"], migrated)
    with duckdb.connect(str(migrated)) as con:
        con.execute(f"drop schema {SCHEMA} cascade")
    command = [sys.executable, "-m", "dagster_project.migrate_raw_history", "--raw-db"]
    first = subprocess.run([*command, str(migrated)], capture_output=True, text=True, cwd=REPO)
    assert first.returncode == 0, first.stderr
    assert f"migrated {len(raw_history.stored_tables())} tables" in first.stdout
    again = subprocess.run([*command, str(migrated)], capture_output=True, text=True, cwd=REPO)
    assert again.returncode == 0 and "nothing to migrate" in again.stdout
    as_of = histories["nights"][AS_OF[0]]
    assert_identical(build(histories["snapshots"], as_of), build(migrated, as_of))
