"""Reading a finished run's events: which steps failed, with what, and which checks failed.

Belongs here: everything that walks Dagster's event tree (step failures,
wrapped errors, asset check evaluations), so the sensors and the in-process
runner work with plain tuples and evaluations, not event records.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import dagster as dg

# Dagster wraps a user's exception in its own errors (step, resource, check
# errors), each with the next one as `cause`; ten levels is more nesting
# than Dagster ever produces, and stops a cycle of causes from looping.
MAX_CAUSE_DEPTH = 10


def root_error(error: Any) -> tuple[str | None, str | None]:
    """The user's exception (class, message) behind Dagster's wrapper errors."""
    depth = 0
    while (
        error is not None
        and getattr(error, "cause", None) is not None
        and (error.cls_name or "").startswith("Dagster")
        and depth < MAX_CAUSE_DEPTH
    ):
        error = error.cause
        depth += 1
    if error is None:
        return None, None
    cls = error.cls_name
    message = error.message or ""
    # SerializableErrorInfo messages start "module.Class: ..."; the class is shown once.
    head, sep, rest = message.partition(": ")
    if sep and cls and head.split(".")[-1] == cls:
        message = rest
    return cls, message


def failed_steps_of(events: Iterable[dg.DagsterEvent]) -> list[tuple[str, str | None, str | None]]:
    """(step key, exception class, message) for each STEP_FAILURE event."""
    steps = []
    for event in events:
        data = event.event_specific_data
        user_failure = getattr(data, "user_failure_data", None)
        cls, message = root_error(getattr(data, "error", None))
        if user_failure is not None and user_failure.description:
            cls, message = cls or "Failure", user_failure.description
        steps.append((event.step_key or "?", cls, message))
    return steps


def run_level_error(failure_event: dg.DagsterEvent | None) -> tuple[str | None, str | None]:
    """(class, message) of a run that failed outside any step."""
    if failure_event is None:
        return None, None
    error = root_error(getattr(failure_event.event_specific_data, "error", None))
    return error if error != (None, None) else (None, failure_event.message)


def step_failure_events(instance: dg.DagsterInstance, run_id: str) -> list[dg.DagsterEvent]:
    records = instance.get_records_for_run(
        run_id=run_id, of_type=dg.DagsterEventType.STEP_FAILURE
    ).records
    return [r.event_log_entry.dagster_event for r in records if r.event_log_entry.dagster_event]


def check_evaluations(instance: dg.DagsterInstance, run_id: str) -> list[Any]:
    """The run's AssetCheckEvaluation objects, in the order they were logged."""
    records = instance.get_records_for_run(
        run_id=run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
    ).records
    return [
        record.event_log_entry.dagster_event.event_specific_data
        for record in records
        if record.event_log_entry.dagster_event is not None
    ]
