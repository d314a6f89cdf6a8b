"""Ingest every waiting SSDA903 drop, oldest first; nothing freezes later nights.

Belongs here: the night's loop for the 903 (the contract sources' loop is
`ingest.nightly`): the landing report's source-independent findings, the
re-delivery of a rejected drop, and the safety net that turns a fault no
check foresaw into a logged rejection so the next run moves on.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dagster_project.ingest.council import check_raw_history_council, check_single_council_layout
from dagster_project.ingest.discovery import last_logged_extract, redelivery_stamp, waiting_drops
from dagster_project.ingest.landing import (
    changed_after_acceptance,
    misnamed_and_outside,
    out_of_order,
)
from dagster_project.ingest.nightly import _database_path
from dagster_project.ingest.ssda903_drop import Ssda903Outcome, ingest_ssda903_drop
from dagster_project.ingest.writing import log_drop
from dagster_project.ssda903.raw_tables import SOURCE, raw_tables


def landing_findings(landing_dir: Path, con: duckdb.DuckDBPyConnection) -> list[str]:
    """What the 903 landing folder holds that ingest does not read (never a folder's name)."""
    return [
        *misnamed_and_outside(landing_dir, SOURCE),
        *out_of_order(landing_dir, con, SOURCE),
        *changed_after_acceptance(landing_dir, con, SOURCE),
    ]


def _failed(con, drop, error: Exception) -> Ssda903Outcome:
    reason = (
        f"the drop could not be ingested ({type(error).__name__}); nothing was written. "
        "Correct it and re-deliver, or send a new drop"
    )
    rows = [
        {"table": t.name, "file": t.file, "sha256": None, "reason": reason} for t in raw_tables()
    ]
    log_drop(con, SOURCE, drop.extract_date, rows, "rejected")
    return Ssda903Outcome(drop.extract_date, "rejected", reason)


def ingest_waiting_ssda903(
    con: duckdb.DuckDBPyConnection, landing_dir: Path, log=None, la_code: str | None = None
) -> list[Ssda903Outcome]:
    """Ingest the waiting 903 drops oldest first, stopping at the first rejection.

    As `ingest.nightly.ingest_waiting`: a rejection is logged, so the next
    run moves on to newer drops; with `la_code`, a multi-council landing zone
    or another council's raw history is refused before anything is read.
    """
    if la_code is not None:
        check_single_council_layout(landing_dir, la_code)
        # the same message as the contract sources' (ingest.nightly): it names the file
        check_raw_history_council(con, la_code, _database_path(con))
    if log is not None:
        for finding in landing_findings(landing_dir, con):
            log.warning(finding)
    last = last_logged_extract(con, SOURCE)
    outcomes = []
    for drop in waiting_drops(landing_dir, con, SOURCE):
        if last is not None and drop.extract_date <= last:
            why = "re-delivered after rejection (REDELIVERY marker): read again"
            row = {
                "table": "*",
                "file": "REDELIVERY",
                "sha256": redelivery_stamp(drop),
                "reason": why,
            }
            log_drop(con, SOURCE, drop.extract_date, [row], "redelivery")
            if log is not None:
                log.warning(f"{SOURCE} drop {drop.extract_date}: {why}")
        if log is not None:
            log.info(f"ingesting {SOURCE} drop {drop.extract_date}")
        try:
            outcome = ingest_ssda903_drop(con, drop, landing_dir)
        except duckdb.Error:
            raise  # the raw history itself (a lock, a full disk): not the drop's fault
        except Exception as error:  # anything else the drop caused must not freeze later nights
            outcome = _failed(con, drop, error)
        outcomes.append(outcome)
        if outcome.status == "rejected":
            break
    return outcomes
