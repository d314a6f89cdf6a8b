"""Typed rows of a drop held on disk until the drop is accepted or rejected.

Belongs here: where a drop's typed rows wait between typing and writing. A
source's drop is accepted or rejected as a whole, so every table is typed
before any is written; held as pandas frames, every typed table of the
source was in memory at once (most of the pipeline's peak at ten times the
default population). Each chunk of typed rows goes instead into a table of
a DuckDB file of its own (attached to the raw history's connection as
`ingest_staging`, in an owner-only folder beside the raw history: the rows
are child-level), with the raw history's column types. Accepting the drop
moves them into the raw history in its one transaction
(`writing.write_accepted`); a rejected drop never touches the raw history,
and the file is deleted either way. An ingest that stopped before it could
delete its file (killed, or the machine went down) leaves it behind; the
next ingest into the same raw history folder removes it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from contract import Table
from dagster_project.gates.build_suites import ROW_NUMBER
from dagster_project.row_versions import VERSION_COLUMNS, q, versions_table

ALIAS = "ingest_staging"
# `.ingest-staging-<pid>-<random>`: the process id says whether the ingest
# that made a folder is still running.
PREFIX = ".ingest-staging-"


def _raw_folder(con: duckdb.DuckDBPyConnection) -> Path | None:
    row = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    return Path(row[0]).parent if row and row[0] else None


def _process_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: nothing is sent, the process is only looked up
    except ProcessLookupError:
        return False
    except PermissionError:  # running, as another user
        return True
    return True


def _maker_pid(folder: Path) -> int | None:
    pid = folder.name.removeprefix(PREFIX).split("-", 1)[0]
    return int(pid) if pid.isdigit() else None


def remove_leftovers(raw_folder: Path) -> list[Path]:
    """Remove staging folders whose ingest stopped before deleting them; the folders removed.

    They hold a drop's typed rows, child-level, that no accepted night
    refers to. A folder whose maker is still running (this process's or
    another's ingest) is left alone. One whose name carries no process id
    was made by an earlier release, which cannot be running beside this
    one on the same raw history (its file allows one writer): removed.
    """
    removed = []
    for folder in sorted(raw_folder.glob(f"{PREFIX}*")):
        pid = _maker_pid(folder)
        if pid is not None and _process_running(pid):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


class Staging:
    """`with Staging(con) as staging:` a drop's staged tables, gone after the block."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.folder: Path | None = None

    def __enter__(self) -> Staging:
        raw_folder = _raw_folder(self.con)
        if raw_folder is not None:
            remove_leftovers(raw_folder)
        # mkdtemp makes the folder owner-only (0700).
        self.folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=raw_folder))
        self.con.execute(f"attach ? as {ALIAS}", [str(self.folder / "staging.duckdb")])
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.con.execute(f"detach database if exists {ALIAS}")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def name(self, table: Table) -> str:
        return f"{ALIAS}.{q(table.qualified_name)}"

    def create(self, table: Table) -> str:
        """An empty staged table with the raw history's columns and types."""
        versions_only = ", ".join(c for c in VERSION_COLUMNS if c != ROW_NUMBER)
        self.con.execute(
            f"create or replace table {self.name(table)} as select * exclude ({versions_only}) "
            f"from {versions_table(table)} limit 0"
        )
        return self.name(table)

    def append(self, table: Table, typed: pd.DataFrame) -> None:
        """Add typed rows, cast as `row_versions.write_night` casts a frame."""
        self.con.register("_typed_chunk", typed[[*table.column_names, ROW_NUMBER]])
        try:
            self.con.execute(f"insert into {self.name(table)} by name select * from _typed_chunk")
        finally:
            self.con.unregister("_typed_chunk")
