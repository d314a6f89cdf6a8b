"""Write an accepted drop to the raw history, or log a rejected one.

Belongs here: the DuckDB statements that change the raw history. An
accepted drop is written in ONE transaction (every table's rows, its
quarantine rows, its `_extract_log` rows): a failure part-way leaves the raw
history exactly as it was. Each table's rows are stored as row versions
(row_versions.write_night); a night already stored is replaced, so
re-ingesting a drop replaces it instead of doubling it.

A rejected drop changes no raw table and no quarantine row; it only adds
`_extract_log` rows (status `rejected`, with the reason), so the rejection is
on record and the drop is not retried every night. A byte-identical copy of
the last accepted extract adds rows with status `no_change`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from contract import Table
from dagster_project.gates.runner import ROW_DROPPED, Finding
from dagster_project.row_versions import write_night


@dataclass
class TableWrite:
    table: Table
    file: str
    sha256: str
    typed: pd.DataFrame | None  # accepted rows, contract-typed, with _row_number
    rows_read: int
    findings: list[Finding] = field(default_factory=list)
    child_ids: dict[int, str | None] = field(default_factory=dict)  # row -> child id
    # Or the accepted rows staged in DuckDB (ingest/staging.py), typed: the
    # staged table's name and its row count, in place of `typed`.
    staged: str | None = None
    rows_staged: int = 0

    @property
    def rows_accepted(self) -> int:
        return self.rows_staged if self.staged is not None else len(self.typed)

    def rows(self) -> pd.DataFrame | str:
        """What `write_night` stores: the typed frame, or the staged table's name."""
        if self.staged is not None:
            return self.staged
        return self.typed[[*self.table.column_names, "_row_number"]]

    @property
    def rows_dropped(self) -> int:
        return len({f.row for f in self.findings if f.action == ROW_DROPPED})

    def quarantine_frame(self) -> pd.DataFrame:
        """The `_quarantine` rows of this table: where, which rule, what was done."""
        return pd.DataFrame(
            {
                "row_number": [f.row for f in self.findings],
                "column_name": [f.column for f in self.findings],
                "rule": [f.rule for f in self.findings],
                "action": [f.action for f in self.findings],
                "child_id": pd.Series(
                    [self.child_ids.get(f.row) for f in self.findings], dtype=object
                ),
            }
        )


def write_accepted(
    con: duckdb.DuckDBPyConnection, source: str, extract_date: dt.date, tables: list[TableWrite]
) -> None:
    """Replace `source`'s rows for `extract_date` with `tables`, atomically."""
    con.execute("begin transaction")
    try:
        # Only an earlier acceptance of this date is replaced: a rejection or
        # a re-delivery request before it stays on record.
        con.execute(
            "delete from _extract_log where source = ? and extract_date = ? "
            "and status = 'accepted'",
            [source, extract_date],
        )
        con.execute(
            "delete from _quarantine where source = ? and extract_date = ?",
            [source, extract_date],
        )
        for t in tables:
            write_night(con, t.table, extract_date, t.rows(), t.file)
            if t.findings:
                q = t.quarantine_frame()
                q["source"] = source
                q["table_name"] = t.table.name
                q["extract_date"] = extract_date
                q["file_name"] = t.file
                con.register("_q", q)
                try:
                    con.execute(
                        "insert into _quarantine by name select source, table_name, "
                        "extract_date, file_name, row_number, column_name, rule, action, "
                        "child_id from _q"
                    )
                finally:
                    con.unregister("_q")
            con.execute(
                "insert into _extract_log (source, table_name, extract_date, file_name, sha256,"
                " rows_read, rows_accepted, rows_quarantined, status, reason)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, 'accepted', null)",
                [
                    source,
                    t.table.name,
                    extract_date,
                    t.file,
                    t.sha256,
                    t.rows_read,
                    t.rows_accepted,
                    t.rows_dropped,
                ],
            )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def log_drop(
    con: duckdb.DuckDBPyConnection,
    source: str,
    extract_date: dt.date,
    rows: list[dict],
    status: str,
) -> None:
    """One `_extract_log` row per table with `status`, in one transaction.

    Statuses besides `accepted`: `rejected`, `no_change` (a byte-identical
    copy of the last accepted extract: on record, not a new night) and
    `redelivery` (an explicit request to read a rejected date again).
    """
    con.execute("begin transaction")
    try:
        for r in rows:
            con.execute(
                "insert into _extract_log (source, table_name, extract_date, file_name, sha256,"
                " rows_read, rows_accepted, rows_quarantined, status, reason)"
                " values (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                [
                    source,
                    r["table"],
                    extract_date,
                    r["file"],
                    r.get("sha256"),
                    r.get("rows_read"),
                    r.get("rows_quarantined"),
                    status,
                    r["reason"],
                ],
            )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
