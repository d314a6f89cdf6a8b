"""Ingest every waiting drop of a source, oldest first; nothing freezes later nights.

Belongs here: the night's loop over waiting drops, re-deliveries, and the
safety net that turns a fault no check foresaw into a logged rejection, so
that a bad drop is on record and ingest moves on to newer drops, in the same
run. The
landing zone's report (what ingest does not read) is logged first.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from contract import load_contract
from dagster_project.ingest.council import check_raw_history_council, check_single_council_layout
from dagster_project.ingest.discovery import Drop, last_logged_extract, redelivery_stamp
from dagster_project.ingest.discovery import waiting_drops as _waiting_drops
from dagster_project.ingest.landing import landing_report
from dagster_project.ingest.pipeline import DropOutcome, TableOutcome, ingest_drop, log_rows
from dagster_project.ingest.volume import VolumeTolerance
from dagster_project.ingest.writing import log_drop


def _failed(con, drop: Drop, error: Exception) -> DropOutcome:
    """A fault no check foresaw, recorded as a rejection so later drops still run."""
    reason = (
        f"the drop could not be ingested ({type(error).__name__}); nothing was written. "
        "Correct it and re-deliver, or send a new drop"
    )
    tables = load_contract().source(drop.source).tables
    outcomes = {
        t.name: TableOutcome(drop.source, t.name, t.file, "rejected", reason=reason) for t in tables
    }
    log_drop(con, drop.source, drop.extract_date, log_rows(outcomes), "rejected")
    return DropOutcome(drop.source, drop.extract_date, False, outcomes, reason, 0.0, "rejected")


def _database_path(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    )
    found = row.fetchone()
    return found[0] if found and found[0] else "in use"


def ingest_waiting(
    con: duckdb.DuckDBPyConnection,
    landing_dir: Path,
    source: str,
    log=None,
    tolerance: VolumeTolerance | None = None,
    la_code: str | None = None,
) -> list[DropOutcome]:
    """Ingest `source`'s waiting drops oldest first, moving on past a rejected one.

    A rejected drop is logged (never retried on its own) and the next newer
    drop of the source is tried in the same run: each drop is a full
    snapshot read as one unit, so a newer good drop replaces a rejected
    older one whole, and the warehouse need not wait a night for it. The
    outcomes say which drops were rejected, for the run's checks and alerts.
    What the landing zone holds but ingest does not read is logged as
    warnings first.

    With `la_code` (the configured council), a landing zone laid out for many
    councils, or a raw history holding another council, raises
    `CouncilMismatch` before anything is read or written (see `council`).
    """
    if la_code is not None:
        check_single_council_layout(landing_dir, la_code)
        check_raw_history_council(con, la_code, _database_path(con))
    if log is not None:
        for finding in landing_report(landing_dir, con, source):
            log.warning(finding)
    last = last_logged_extract(con, source)
    outcomes = []
    for drop in _waiting_drops(landing_dir, con, source):
        if last is not None and drop.extract_date <= last:
            stamp = redelivery_stamp(drop)
            why = "re-delivered after rejection (REDELIVERY marker): read again"
            row = {"table": "*", "file": "REDELIVERY", "sha256": stamp, "reason": why}
            log_drop(con, source, drop.extract_date, [row], "redelivery")
            if log is not None:
                log.warning(f"{source} drop {drop.extract_date}: {why}")
        if log is not None:
            log.info(f"ingesting {source} drop {drop.extract_date}")
        try:
            outcome = ingest_drop(con, drop, tolerance, la_code)
        except duckdb.Error:
            raise  # the raw history itself (a lock, a full disk): not the drop's fault
        except Exception as error:  # anything else the drop caused must not freeze later nights
            outcome = _failed(con, drop, error)
        outcomes.append(outcome)
        if outcome.status == "rejected" and log is not None:
            log.warning(f"{source} drop {drop.extract_date} rejected: {outcome.reason}")
    return outcomes
