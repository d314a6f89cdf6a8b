"""Ingest one drop end to end: read, compare, gate, type, write (or reject).

Belongs here: the order of the steps and the accept/reject decision for a
whole drop. Reading, the volume gates, gating, typing and writing each live
in their own module.

The nightly extract of a source is one unit: if any table of the drop has a
structural fault (including a value that will not type), fails a volume or
change gate against the previous accepted extract, or has more rows dropped
by row rules than the quarantine threshold allows, no table of that source
is written, and the rejection is logged so the next drop is not held up.
In an accepted drop the smallest thing is quarantined: a rejected value in a
field the row can do without is set to null and the row kept; a row is
dropped only when a field that identifies it, or that an indicator needs, is
unusable. A source's main table (its first table in the contract: the one
every other table hangs off) must not be empty. A drop whose every file is
byte-identical to the previous accepted extract is logged as `no_change`:
not a new night.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

import duckdb

from contract import Table, load_contract
from dagster_project.gates.outcomes import OutcomeStore
from dagster_project.gates.runner import describe_faults, validate_table
from dagster_project.ingest.cast_guard import cast_located
from dagster_project.ingest.casting import lag_days, summarise_lag
from dagster_project.ingest.council import foreign_la_code
from dagster_project.ingest.discovery import Drop
from dagster_project.ingest.errors import StructuralError
from dagster_project.ingest.held_reads import HELD_CELLS, HeldReads
from dagster_project.ingest.kept import child_ids_of, kept_rows
from dagster_project.ingest.reading import CHUNK_ROWS, ReadTable, read_table
from dagster_project.ingest.staging import Staging
from dagster_project.ingest.volume import VolumeTolerance, judge_table, previous_accepted
from dagster_project.ingest.writing import TableWrite, log_drop, write_accepted


@dataclass
class TableOutcome:
    """What happened to one table of a drop; safe to show (no values)."""

    source: str
    table: str
    file: str
    status: str  # accepted | rejected | not_ingested | no_change
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
    rows_validated: int = 0  # rows GX ran on; the others' outcomes were stored
    validated: bool = False  # the GX suite ran on it
    volume: dict = field(default_factory=dict)  # measures against the previous extract

    def reject(self, reason: str, failed_rules: list[dict]) -> str:
        self.status, self.reason, self.failed_rules = "rejected", reason, failed_rules
        return reason


@dataclass
class DropOutcome:
    source: str
    extract_date: dt.date
    accepted: bool
    tables: dict[str, TableOutcome]
    reason: str | None = None
    seconds: float = 0.0
    status: str = "accepted"  # accepted | rejected | no_change


def main_table(source: str) -> Table:
    return load_contract().source(source).tables[0]


def _read_all(
    drop: Drop, outcomes: dict[str, TableOutcome], la_code: str | None, reads: HeldReads
) -> str | None:
    reason = None
    for table in load_contract().source(drop.source).tables:
        out = outcomes[table.name]
        try:
            read = read_table(drop.path, table, reads.chunk_rows)
        except StructuralError as e:
            reason = reason or out.reject(str(e), [e.as_failed_rule()])
            continue
        out.sha256, out.rows_read, out.warnings = read.sha256, len(read.frame), read.warnings
        council = la_code and foreign_la_code(
            table, read.frame, la_code, read.location, read.row_label
        )
        if council:
            reason = reason or out.reject(str(council), [council.as_failed_rule()])
        if table.name == main_table(drop.source).name and read.frame.empty:
            why = "the main table of a full extract cannot be empty"
            rule = {"rule": "empty_file", "column": None, "rows": 0, "first_rows": [], "why": why}
            message = f"{read.location}: the source's main table has no rows [empty_file]"
            reason = reason or out.reject(message, [rule])
        reads.add(read)
    return reason


def _identical(con, drop: Drop, reads: HeldReads, previous: dt.date) -> bool:
    logged = dict(
        con.execute(
            "select table_name, sha256 from _extract_log where source = ? "
            "and extract_date = ? and status = 'accepted'",
            [drop.source, previous],
        ).fetchall()
    )
    return all(logged.get(name) == read.sha256 for name, read in reads.tables.items())


def _volume(
    con, reads: HeldReads, outcomes, previous: dt.date, tolerance: VolumeTolerance
) -> str | None:
    reason = None
    for name in reads.names():
        read = reads.get(name)
        findings, outcomes[name].volume = judge_table(
            con, read.table, read.frame, previous, tolerance
        )
        swaps = outcomes[name].volume.get("day_month_swaps")
        if swaps and not findings:
            # A few can be a social worker's corrections: kept, and said.
            outcomes[name].warnings.append(
                f"{read.location}: {sum(swaps.values())} date(s) changed into their own "
                f"day-month swap since the previous accepted extract ({previous}): "
                + ", ".join(f"{column} {n}" for column, n in swaps.items())
            )
        if findings:
            message = "; ".join(f"{f.why} [{f.rule}]" for f in findings)
            failed = [f.as_failed_rule() for f in findings]
            where = f"{read.location} (table {read.table.qualified_name})"
            reason = reason or outcomes[name].reject(f"{where}: {message}", failed)
    return reason


def _stage(read: ReadTable, verdict, staging: Staging, chunk_rows: int) -> tuple[int, dict]:
    """Type the kept rows `chunk_rows` at a time into a staged table: (rows, recording lag).

    Each chunk's rows carry their `_row_number`, so a value that will not
    type is named at its own row whatever chunk it is in.
    """
    table, frame = read.table, read.frame
    staging.create(table)
    rows, lags = 0, []
    for start in range(0, len(frame), chunk_rows):
        kept = kept_rows(frame.iloc[start : start + chunk_rows], verdict)
        typed = cast_located(table, kept, read.location, read.row_label)
        staging.append(table, typed)
        lags.append(lag_days(table, typed))
        rows += len(typed)
    return rows, summarise_lag(table, lags)


def _gate_and_stage(
    drop: Drop, reads: HeldReads, outcomes, store: OutcomeStore, staging: Staging
) -> tuple[list[TableWrite], str | None]:
    """Gate each table, and type and stage it while no gate has rejected the drop.

    One table's text frame at a time. The outcome is the one gating every
    table and then typing every table gives: a gate's rejection comes before
    a value that will not type, and a rejected drop reports no rows accepted.
    """
    writes, reason, cast_faults = [], None, []
    for name in reads.names():
        read, out = reads.get(name), outcomes[name]
        verdict = validate_table(read.table, read.frame, drop.extract_date, store)
        out.validated, out.gate_seconds = True, round(verdict.seconds, 3)
        out.rows_validated = verdict.rows_validated
        out.failed_rules = [f.as_dict() for f in verdict.failed_rules]
        out.rows_quarantined, out.fields_nulled = verdict.rows_quarantined, verdict.fields_nulled
        if verdict.rejected:
            faults = describe_faults(verdict.failed_rules, read.row_label)
            message = f"{read.location}: {verdict.reason} - {faults}"
            reason = reason or out.reject(message, out.failed_rules)
        if reason is None:
            try:
                rows, lag = _stage(read, verdict, staging, reads.chunk_rows)
            except StructuralError as e:
                cast_faults.append((out, e))
            else:
                out.rows_accepted, out.recording_lag = rows, lag
                findings = verdict.findings
                child_ids = child_ids_of(read, {f.row for f in findings})
                writes.append(
                    TableWrite(
                        read.table,
                        read.file,
                        read.sha256,
                        None,
                        out.rows_read,
                        findings,
                        child_ids,
                        staged=staging.name(read.table),
                        rows_staged=rows,
                    )
                )
        # Not read again: let the text frame go before the next table's is read.
        reads.release(name)
        del read
    if reason is not None:
        for out in outcomes.values():  # typed before a later gate rejected the drop
            out.rows_accepted, out.recording_lag = 0, {}
        return [], reason
    for out, e in cast_faults[:1]:
        return [], out.reject(str(e), [e.as_failed_rule()])
    return writes, None


def log_rows(outcomes: dict[str, TableOutcome]) -> list[dict]:
    return [
        {
            "table": o.table,
            "file": o.file,
            "sha256": o.sha256,
            "rows_read": o.rows_read,
            "rows_quarantined": o.rows_quarantined,
            "reason": o.reason,
        }
        for o in outcomes.values()
    ]


def ingest_drop(
    con: duckdb.DuckDBPyConnection,
    drop: Drop,
    tolerance: VolumeTolerance | None = None,
    la_code: str | None = None,
    *,
    chunk_rows: int = CHUNK_ROWS,
    held_cells: int = HELD_CELLS,
) -> DropOutcome:
    """Read every table of `drop`, compare and gate them, and write (or reject) the drop.

    With `la_code`, a table that carries LA codes must hold that council's only.
    `chunk_rows`: rows read and typed at a time; `held_cells`: text frames'
    cells kept in memory between steps (held_reads.py).
    """
    started = time.perf_counter()
    tables = load_contract().source(drop.source).tables
    outcomes = {t.name: TableOutcome(drop.source, t.name, t.file, "not_ingested") for t in tables}

    def finish(status: str, reason: str | None = None) -> DropOutcome:
        seconds = time.perf_counter() - started
        accepted = status == "accepted"
        return DropOutcome(
            drop.source, drop.extract_date, accepted, outcomes, reason, seconds, status
        )

    reads = HeldReads(drop.path, chunk_rows, held_cells)
    reason = _read_all(drop, outcomes, la_code, reads)
    previous = previous_accepted(con, drop.source, drop.extract_date)
    if reason is None and previous and _identical(con, drop, reads, previous):
        why = f"every file is byte-identical to the accepted extract of {previous}: not a new night"
        for out in outcomes.values():
            out.status, out.reason = "no_change", why
        log_drop(con, drop.source, drop.extract_date, log_rows(outcomes), "no_change")
        return finish("no_change", why)
    if reason is None and previous:
        reason = _volume(con, reads, outcomes, previous, tolerance or VolumeTolerance())
    # Gates run only on a drop whose every file reads as the contract says and
    # whose volumes are plausible: the first fault is the one the data
    # engineer needs (and GX costs ~20 ms per expectation).
    if reason is None:
        # Each row's outcome is kept in the raw history, so GX sees only the
        # rows not seen before (gates/incremental.py); kept for a rejected
        # drop too: an outcome is a fact about the row's text, not the night.
        with Staging(con) as staging:
            writes, reason = _gate_and_stage(drop, reads, outcomes, OutcomeStore(con), staging)
            if reason is None:
                for out in outcomes.values():
                    out.status = "accepted"
                write_accepted(con, drop.source, drop.extract_date, writes)
                return finish("accepted")
    for out in outcomes.values():
        if out.status == "not_ingested":
            out.reason = f"not ingested: the drop was rejected ({reason})"
    log_drop(con, drop.source, drop.extract_date, log_rows(outcomes), "rejected")
    return finish("rejected", reason)
