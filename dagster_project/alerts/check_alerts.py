"""Which message a failed check gets, chosen by the check's name.

The pipeline's own checks are named where they are defined
(assets/ingest_assets.py): one blocking GX gate per contract table,
`check_name(table)`, and the non-blocking `recording_lag` check. Each has a
message that reads its metadata; every other check (dbt tests, the health
reconciliation gap, a check added later) gets the names-only
`check_failure_message`, because we do not know what its metadata holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
from dagster_project.assets.ingest_assets import LAG_CHECK_NAME, check_name

MetadataMessage = Callable[..., AlertMessage]


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


def check_messages(
    evaluations: Iterable[Any], *, run_id: str, ui_base_url: str, warnings_only: bool = False
) -> list[AlertMessage]:
    """Messages for the failed checks of a run, in the order they were evaluated."""
    messages = []
    for evaluation in evaluations:
        severity = severity_of(evaluation)
        if evaluation.passed or (warnings_only and severity != "WARN"):
            continue
        builder = message_builders().get(evaluation.check_name)
        if builder is not None:
            messages.append(
                builder(plain_metadata(evaluation.metadata), run_id=run_id, ui_base_url=ui_base_url)
            )
        else:
            messages.append(
                check_failure_message(
                    asset=evaluation.asset_key.to_user_string(),
                    check_name=evaluation.check_name,
                    severity=severity,
                    run_id=run_id,
                    ui_base_url=ui_base_url,
                )
            )
    return messages
