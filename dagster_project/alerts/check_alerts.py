"""Which message a failed check gets, chosen by the check's name.

The pipeline's own checks are named where they are defined
(assets/ingest_assets.py): one blocking GX gate per contract table,
`check_name(table)`, and the non-blocking `recording_lag` check. Each has a
message that reads its metadata; every other check (dbt tests, the health
reconciliation gap, a check added later) gets the names-only
`check_failure_message`, because we do not know what its metadata holds.

Each failed check also says what it found in a few words (`substance`):
the warning memory (warning_memory.py) compares that with what it told the
team before, so a warning that says the same every night is told once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from contract import load_contract
from dagster_project.alerts.messages import (
    AlertMessage,
    check_failure_message,
    gate_failure_message,
    lag_warning_message,
)
from dagster_project.alerts.messages.format import plain, plain_metadata
from dagster_project.assets.ingest_assets import check_name
from dagster_project.assets.lag_check import LAG_CHECK_NAME

MetadataMessage = Callable[..., AlertMessage]

# The count dagster-dbt records on every dbt test's check evaluation.
DBT_FAILED_ROWS = "dagster_dbt/failed_row_count"


@dataclass(frozen=True)
class FailedCheck:
    check_name: str
    asset: str
    severity: str  # ERROR or WARN
    substance: str  # what it found, in a few words: a change here is news
    message: AlertMessage

    @property
    def key(self) -> str:
        return check_key(self.check_name, self.asset)


def check_key(check: str, asset: str) -> str:
    return f"{check} on {asset}"


@cache
def message_builders() -> dict[str, MetadataMessage]:
    """Check name -> the builder that reads that check's metadata."""
    gates = {
        check_name(table): gate_failure_message
        for source in load_contract().sources
        for table in source.tables
    }
    return {**gates, LAG_CHECK_NAME: lag_warning_message}


def severity_of(evaluation: Any) -> str:
    """'ERROR' or 'WARN', whichever way the evaluation carries it."""
    return str(plain(evaluation.severity)).upper()


def _substance(check: str, metadata: dict[str, Any]) -> str:
    """What a failed check found, without what changes every night anyway.

    The lag check's figures move nightly, so only which record types are
    abnormal counts; a gate's drop, rules and their rows; any other check its
    failing rows when it gives them (a dbt test), else only that it failed.
    """
    if check == LAG_CHECK_NAME:
        return "abnormal: " + ", ".join(sorted(map(str, metadata.get("abnormal_record_types", []))))
    if check in message_builders():
        # The drop's date too: a second rejected drop is news even with the same rules.
        found = [
            str(plain(metadata.get("extract_date"))),
            plain(metadata.get("failed_rules")) or [],
        ]
        return json.dumps(found, sort_keys=True, default=str)
    rows = metadata.get(DBT_FAILED_ROWS)
    return f"{rows} rows failing" if rows is not None else "failed"


def failed_check(evaluation: Any, *, run_id: str, ui_base_url: str) -> FailedCheck:
    metadata = plain_metadata(evaluation.metadata)
    check, asset = evaluation.check_name, evaluation.asset_key.to_user_string()
    builder = message_builders().get(check)
    if builder is not None:
        message = builder(metadata, run_id=run_id, ui_base_url=ui_base_url)
    else:
        message = check_failure_message(
            asset=asset,
            check_name=check,
            severity=severity_of(evaluation),
            run_id=run_id,
            ui_base_url=ui_base_url,
            failing_rows=metadata.get(DBT_FAILED_ROWS),
        )
    return FailedCheck(check, asset, severity_of(evaluation), _substance(check, metadata), message)


def failed_checks(
    evaluations: Iterable[Any], *, run_id: str, ui_base_url: str, warnings_only: bool = False
) -> list[FailedCheck]:
    """The failed checks of a run, in the order they were evaluated."""
    return [
        failed_check(evaluation, run_id=run_id, ui_base_url=ui_base_url)
        for evaluation in evaluations
        if not evaluation.passed and not (warnings_only and severity_of(evaluation) != "WARN")
    ]


def passed_check_keys(evaluations: Iterable[Any]) -> set[str]:
    return {check_key(e.check_name, e.asset_key.to_user_string()) for e in evaluations if e.passed}


def check_messages(
    evaluations: Iterable[Any], *, run_id: str, ui_base_url: str, warnings_only: bool = False
) -> list[AlertMessage]:
    """Messages for the failed checks of a run, in the order they were evaluated."""
    found = failed_checks(
        evaluations, run_id=run_id, ui_base_url=ui_base_url, warnings_only=warnings_only
    )
    return [f.message for f in found]
