"""Migrate a raw history of nightly snapshots to row versions, in place.

    make migrate-raw-history      # or: python -m dagster_project.migrate_raw_history

Belongs here: the one-off rewrite of a raw history written before row
versions (row_versions.py): one table per contract table, every night's full
extract kept as rows with `_extract_date`. Each such table is renamed aside,
its nights written oldest first through the same writer the nightly run
uses, checked night by night against the snapshots (every row, duplicates
counted), and dropped; all in one transaction, so a failure leaves the
snapshots exactly as they were. Then the file is compacted into a fresh one
(DuckDB does not give freed blocks back to the file system) and swapped in.

Idempotent: a raw history already of row versions is left as it is. It
refuses to start while another process holds the file (a nightly run, a
sensor, an engineer's session): it does not wait, so it never runs half-way
through a night.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dagster_project import raw_history
from dagster_project.duckdb_lock import HeldByAReader, connect_when_free
from dagster_project.row_versions import write_night

SNAPSHOT_SUFFIX = "__snapshots"


class RawHistoryInUse(RuntimeError):
    """Another process holds the raw history: migrating now could tear a night."""


class MigrationMismatch(RuntimeError):
    """A night read back from row versions differs from its snapshot (nothing was changed)."""


@dataclass
class MigrationReport:
    tables: list[str] = field(default_factory=list)  # tables migrated
    nights: int = 0  # table-nights rewritten
    bytes_before: int = 0
    bytes_after: int = 0

    def summary(self) -> str:
        if not self.tables:
            return "the raw history already stores row versions: nothing to migrate"
        return (
            f"migrated {len(self.tables)} tables ({self.nights} table-nights) to row versions: "
            f"{self.bytes_before / 1e6:.1f} MB -> {self.bytes_after / 1e6:.1f} MB"
        )


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        return connect_when_free(path, attempts=1)
    except HeldByAReader as error:
        raise RawHistoryInUse(
            f"{path.name} is open in another process (a nightly run, a sensor or a session): "
            "nothing was migrated. Run the migration again when it is closed."
        ) from error


def _columns(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'main' and table_name = ? order by ordinal_position",
            [name],
        ).fetchall()
    ]


def _mismatched_rows(con, legacy: str, view: str, columns: str, night) -> int:
    """Rows in one side and not the other, duplicates counted, for one night."""
    one = f'select {columns} from "{legacy}" where _extract_date = $night'
    other = f'select {columns} from "{view}" where _extract_date = $night'
    return con.execute(
        f"select (select count(*) from ({one} except all {other})) "
        f"+ (select count(*) from ({other} except all {one}))",
        {"night": night},
    ).fetchone()[0]


def _migrate_table(con: duckdb.DuckDBPyConnection, table, report: MigrationReport) -> None:
    name = table.qualified_name
    legacy = name + SNAPSHOT_SUFFIX
    held = set(_columns(con, legacy))
    columns = [c for c in table.column_names if c in held]
    select = ", ".join(f'"{c}"' for c in columns)
    nights = con.execute(
        f'select _extract_date, min(_source_file) from "{legacy}" group by 1 order by 1'
    ).fetchall()
    for night, source_file in nights:
        with warnings.catch_warnings():
            # Arrow from an execute() result copies the rows once: one night's
            # rows; con.sql() here left a pending result that blocked the writes after it
            warnings.simplefilter("ignore", UserWarning)
            rows = con.execute(
                f'select {select}, _row_number from "{legacy}" where _extract_date = ?', [night]
            ).to_arrow_table()
        write_night(con, table, night, rows, source_file or "")
        bad = _mismatched_rows(con, legacy, name, select, night)
        if bad:
            raise MigrationMismatch(
                f"{name} on {night}: {bad} rows differ between the snapshot and its row "
                "versions; nothing was migrated"
            )
        report.nights += 1
    con.execute(f'drop table "{legacy}"')
    report.tables.append(name)


def _compact(path: Path) -> None:
    """Copy the database into a fresh file and swap it in: dropped snapshots free no disk."""
    fresh = path.with_name(f".{path.name}.compacting")
    raw_history.copy_database(path, fresh)
    os.replace(fresh, path)


def migrate(path: Path) -> MigrationReport:
    """Rewrite every snapshot table of the raw history at `path` as row versions."""
    report = MigrationReport(bytes_before=path.stat().st_size if path.exists() else 0)
    con = _open(path)
    try:
        legacy = raw_history.snapshot_tables(con)
        if legacy:
            con.execute("begin transaction")
            try:
                for name in legacy:
                    con.execute(f'alter table "{name}" rename to "{name}{SNAPSHOT_SUFFIX}"')
                # older snapshot tables may lack a column the contract gained: null
                raw_history.ensure_tables(con)
                by_name = {t.qualified_name: t for t in raw_history.stored_tables()}
                for name in legacy:
                    _migrate_table(con, by_name[name], report)
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise
        raw_history.ensure_schema(con)
        con.execute("checkpoint")
    finally:
        con.close()
    if report.tables:
        _compact(path)
    report.bytes_after = path.stat().st_size
    return report


def main(argv: list[str] | None = None) -> int:
    from dagster_project.settings import load_settings

    parser = argparse.ArgumentParser(prog="python -m dagster_project.migrate_raw_history")
    parser.add_argument(
        "--raw-db",
        type=Path,
        help="the raw history (default: every council's of the settings: LAC_RAW_DB in the "
        "single layout, each council's own in the multi-council layout)",
    )
    args = parser.parse_args(argv)
    if args.raw_db:
        paths = [args.raw_db]
    else:
        from dagster_project.councils import find_councils

        paths = [c.raw_db_path for c in find_councils(load_settings()).councils]
    refused = 0
    for path in paths:
        if not path.exists():
            print(f"no raw history at {path}: nothing to migrate")
            continue
        try:
            report = migrate(path)
        except (RawHistoryInUse, MigrationMismatch) as error:
            print(f"migration refused for {path}: {error}", file=sys.stderr)
            refused += 1
            continue
        print(report.summary())
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
