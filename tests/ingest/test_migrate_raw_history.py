"""The migration from nightly snapshots to row versions: exact, idempotent, never mid-run.

A raw history as the snapshot release wrote it is made by hand (one plain
table per contract table, every night's rows whole with `_extract_date`).
The marts-level proof (snapshot history -> migrate -> the same marts) is in
tests/e2e/test_raw_history_equivalence.py.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dagster_project import migrate_raw_history, raw_history
from dagster_project.row_versions import nights_of

NIGHTS = [dt.date(2024, 4, 1), dt.date(2024, 4, 2), dt.date(2024, 4, 3)]
# (mid_year, population) per night: a duplicate, a change, a change back
POPULATION = {
    NIGHTS[0]: [(2022, 100), (2023, 200), (2023, 200)],
    NIGHTS[1]: [(2022, 100), (2023, 250)],
    NIGHTS[2]: [(2022, 100), (2023, 200), (2023, 200)],
}


def snapshot_history(path: Path) -> None:
    """The population table as the snapshot release kept it, with an older column set."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table population__population (la_code varchar, mid_year bigint, "
            "population_0_17 bigint, _extract_date date, _source_file varchar, "
            "_row_number bigint)"
        )
        for night, rows in POPULATION.items():
            for number, (year, count) in enumerate(rows, start=1):
                con.execute(
                    "insert into population__population values ('999', ?, ?, ?, ?, ?)",
                    [year, count, night, f"population_{night}.csv", number],
                )
        con.execute("create table _extract_log (source varchar)")  # bookkeeping stays


def held(path: Path) -> dict:
    with raw_history.connect(path) as con:
        assert nights_of(con, "population__population") == NIGHTS
        return {
            night: sorted(
                con.execute(
                    "select mid_year, population_0_17 from population__population "
                    "where _extract_date = ?",
                    [night],
                ).fetchall()
            )
            for night in NIGHTS
        }


def test_every_night_reads_back_as_its_snapshot_and_a_second_run_does_nothing(tmp_path):
    path = tmp_path / "raw" / "raw_history.duckdb"
    snapshot_history(path)
    with pytest.raises(raw_history.SnapshotHistory, match="migrate-raw-history"):
        raw_history.connect(path)
    report = migrate_raw_history.migrate(path)
    assert report.tables == ["population__population"] and report.nights == 3
    assert held(path) == {night: sorted(rows) for night, rows in POPULATION.items()}
    with duckdb.connect(str(path), read_only=True) as con:
        versions = con.execute("select count(*) from row_versions.population__population")
        # 3 rows on the first night, the changed one, and the two copies back
        assert versions.fetchone()[0] == 3 + 1 + 2
        assert con.execute("select count(*) from main._extract_log").fetchone()[0] == 0
    again = migrate_raw_history.migrate(path)
    assert again.tables == [] and "nothing to migrate" in again.summary()
    assert held(path) == {night: sorted(rows) for night, rows in POPULATION.items()}


HOLD = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("holding", flush=True)
sys.stdin.readline()
"""


def test_it_refuses_while_another_process_holds_the_raw_history(tmp_path):
    path = tmp_path / "raw" / "raw_history.duckdb"
    snapshot_history(path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        refused = subprocess.run(
            [sys.executable, "-m", "dagster_project.migrate_raw_history", "--raw-db", str(path)],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
    finally:
        holder.communicate("\n")
    assert refused.returncode == 1
    assert "open in another process" in refused.stderr and "nothing was migrated" in refused.stderr
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute("select table_name, table_type from information_schema.tables")
        assert ("population__population", "BASE TABLE") in tables.fetchall()


def test_a_night_of_more_rows_than_a_row_group_migrates_whole(tmp_path):
    """DuckDB 2.0.0 loses the rows of a table created empty by `create table
    ... as select ... limit 0` in a transaction and filled by an INSERT of a
    row group (122,880 rows) or more (row_versions.write_night says more):
    the migration writes every night in one transaction, so it is held to
    a night that large too."""
    path = tmp_path / "raw" / "raw_history.duckdb"
    path.parent.mkdir(parents=True)
    rows = 123_000
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table population__population as select '999' as la_code, "
            "2000 + (range % 40) as mid_year, range as population_0_17, "
            f"date '{NIGHTS[0]}' + (range // {rows})::int as _extract_date, "
            "'population.csv' as _source_file, range % "
            f"{rows} + 1 as _row_number from range({2 * rows})"
        )

    report = migrate_raw_history.migrate(path)

    assert report.nights == 2
    with raw_history.connect(path) as con:
        counts = con.execute(
            "select _extract_date, count(population_0_17) from population__population "
            "group by 1 order by 1"
        ).fetchall()
    assert counts == [(NIGHTS[0], rows), (NIGHTS[1], rows)]
