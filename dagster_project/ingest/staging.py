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
and the file is deleted either way.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from contract import Table
from dagster_project.gates.build_suites import ROW_NUMBER
from dagster_project.row_versions import VERSION_COLUMNS, q, versions_table

ALIAS = "ingest_staging"


def _raw_folder(con: duckdb.DuckDBPyConnection) -> Path | None:
    row = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    return Path(row[0]).parent if row and row[0] else None


class Staging:
    """`with Staging(con) as staging:` a drop's staged tables, gone after the block."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.folder: Path | None = None

    def __enter__(self) -> Staging:
        # mkdtemp makes the folder owner-only (0700).
        self.folder = Path(tempfile.mkdtemp(prefix=".ingest-staging-", dir=_raw_folder(self.con)))
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
