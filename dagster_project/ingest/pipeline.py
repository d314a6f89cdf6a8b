"""Ingest one drop end to end: read, gate, type, write (or reject).

Belongs here: the order of the steps and the accept/reject decision for a
whole drop. Reading, gating, typing and writing each live in their own module.

A drop is accepted or rejected whole, per source: if any table of the drop
has a structural fault or more rows dropped by row rules than the quarantine
threshold allows, no table of that source is written. In an accepted drop
the smallest thing is quarantined: a rejected value in a field the row can
do without is set to null and the row kept; a row is dropped only when a
field that identifies it, or that an indicator needs, is unusable. A source's main table
(its first table in the contract: the one every other table hangs off) must
not be empty; its other tables may be header-only (a council with no
exclusions this year still sends `exclusions.csv`).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from contract import Table, load_contract
from dagster_project.gates.build_suites import ROW_NUMBER
from dagster_project.gates.runner import Verdict, describe_faults, validate_table
from dagster_project.ingest.casting import cast_frame, recording_lag_summary
from dagster_project.ingest.discovery import Drop, waiting_drops
from dagster_project.ingest.errors import StructuralError
from dagster_project.ingest.reading import ReadTable, read_table
from dagster_project.ingest.writing import TableWrite, log_rejected, write_accepted


@dataclass
class TableOutcome:
    """What happened to one table of a drop; safe to show (no values)."""

    source: str
    table: str
    file: str
    status: str  # accepted | rejected | not_ingested
    sha256: str | None = None
    rows_read: int = 0
    rows_accepted: int = 0
    rows_quarantined: int = 0  # rows dropped whole
    fields_nulled: int = 0  # rejected values set to null in rows kept
    failed_rules: list[dict] = field(default_factory=list)
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)
    recording_lag: dict = field(default_factory=dict)
    gate_seconds: float = 0.0
    validated: bool = False  # the GX suite ran on it


@dataclass
class DropOutcome:
    source: str
    extract_date: dt.date
    accepted: bool
    tables: dict[str, TableOutcome]
    reason: str | None = None
    seconds: float = 0.0


def main_table(source: str) -> Table:
    return load_contract().source(source).tables[0]


def ingest_drop(con: duckdb.DuckDBPyConnection, drop: Drop) -> DropOutcome:
    """Read every table of `drop`, gate them, and write (or reject) the drop."""
    started = time.perf_counter()
    source = load_contract().source(drop.source)
    outcomes: dict[str, TableOutcome] = {}
    reads: dict[str, ReadTable] = {}
    verdicts: dict[str, Verdict] = {}
    reason = None
    for table in source.tables:
        out = TableOutcome(drop.source, table.name, table.file, "not_ingested")
        outcomes[table.name] = out
        try:
            read = read_table(drop.path, table)
        except StructuralError as e:
            out.status, out.reason = "rejected", str(e)
            out.failed_rules = [e.as_failed_rule()]
            reason = reason or str(e)
            continue
        reads[table.name] = read
        out.sha256, out.rows_read, out.warnings = read.sha256, len(read.frame), read.warnings
        if table.name == main_table(drop.source).name and read.frame.empty:
            out.status = "rejected"
            out.reason = f"{read.location}: the source's main table has no rows [empty_file]"
            out.failed_rules = [
                {
                    "rule": "empty_file",
                    "column": None,
                    "rows": 0,
                    "first_rows": [],
                    "why": "the main table of a full extract cannot be empty",
                }
            ]
            reason = reason or out.reason
    # Gates run only on a drop whose every file reads as the contract says: a
    # structural fault already rejects the whole drop, and its message is the
    # one the data engineer needs first (and GX costs ~20 ms per expectation).
    for table in source.tables if reason is None else ():
        read, out = reads[table.name], outcomes[table.name]
        verdict = validate_table(table, read.frame, drop.extract_date)
        verdicts[table.name] = verdict
        out.validated = True
        out.gate_seconds = round(verdict.seconds, 3)
        out.failed_rules = [f.as_dict() for f in verdict.failed_rules]
        out.rows_quarantined = verdict.rows_quarantined
        out.fields_nulled = verdict.fields_nulled
        if verdict.rejected:
            out.status = "rejected"
            out.reason = (
                f"{read.location}: {verdict.reason} - "
                f"{describe_faults(verdict.failed_rules, read.row_label)}"
            )
            reason = reason or out.reason
    if reason is not None:
        for out in outcomes.values():
            if out.status == "not_ingested":
                out.reason = f"not ingested: the drop was rejected ({reason})"
        log_rejected(
            con,
            drop.source,
            drop.extract_date,
            [
                {
                    "table": o.table,
                    "file": o.file,
                    "sha256": o.sha256,
                    "rows_read": o.rows_read,
                    "rows_quarantined": o.rows_quarantined,
                    "reason": o.reason,
                }
                for o in outcomes.values()
            ],
        )
        return DropOutcome(
            drop.source,
            drop.extract_date,
            False,
            outcomes,
            reason,
            time.perf_counter() - started,
        )
    writes = []
    for table in source.tables:
        read, verdict, out = reads[table.name], verdicts[table.name], outcomes[table.name]
        typed = cast_frame(table, kept_rows(read, verdict))
        out.status, out.rows_accepted = "accepted", len(typed)
        out.recording_lag = recording_lag_summary(table, typed)
        writes.append(
            TableWrite(
                table,
                read.file,
                read.sha256,
                typed,
                len(read.frame),
                verdict.findings,
                child_ids_of(read, {f.row for f in verdict.findings}),
            )
        )
    write_accepted(con, drop.source, drop.extract_date, writes)
    return DropOutcome(
        drop.source, drop.extract_date, True, outcomes, None, time.perf_counter() - started
    )


def kept_rows(read: ReadTable, verdict: Verdict) -> pd.DataFrame:
    """The read frame less the dropped rows, with every nulled field set to null."""
    frame = read.frame
    kept = frame[~frame[ROW_NUMBER].isin(verdict.quarantined_rows)].copy()
    rows_by_column: dict[str, set[int]] = {}
    for row, columns in verdict.nulled_fields.items():
        for column in columns:
            rows_by_column.setdefault(column, set()).add(row)
    for column, rows in rows_by_column.items():
        kept.loc[kept[ROW_NUMBER].isin(rows), column] = None
    return kept


def child_ids_of(read: ReadTable, rows: set[int]) -> dict[int, str | None]:
    """Row number -> the child's id as the file has it, for rows with findings.

    Only for the raw history's `_quarantine` (never published) and the
    restricted list: the people who correct records need to find the child.
    """
    column = read.table.child_id_column
    if column is None or not rows:
        return {}
    sub = read.frame[read.frame[ROW_NUMBER].isin(rows)]
    return {
        int(n): (None if v is None or pd.isna(v) else str(v))
        for n, v in zip(sub[ROW_NUMBER], sub[column], strict=True)
    }


def ingest_waiting(
    con: duckdb.DuckDBPyConnection, landing_dir: Path, source: str, log=None
) -> list[DropOutcome]:
    """Ingest `source`'s waiting drops oldest first, stopping at the first rejection.

    Later drops stay waiting for the next run, after the rejection has been
    seen (and alerted); each drop is a full snapshot, so nothing is lost.
    """
    outcomes = []
    for drop in waiting_drops(landing_dir, con, source):
        if log is not None:
            log.info(f"ingesting {source} drop {drop.extract_date}")
        outcome = ingest_drop(con, drop)
        outcomes.append(outcome)
        if not outcome.accepted:
            break
    return outcomes
