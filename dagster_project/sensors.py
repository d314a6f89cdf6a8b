"""Sensors that tell the performance team's Slack channel what went wrong.

- `slack_on_run_failure`: any run of this code location failed. Names the
  failed step(s), the exception class and a scrubbed first line of the error,
  and links to the run. Failed gate/lag checks in that run get their own
  messages too (see below).
- `slack_on_check_warnings`: a run succeeded but a warning check failed (the
  data-entry lag check warns and lets the run go on). The run-status sensors
  read the run's asset check evaluations, so a gate or lag check need not
  send anything itself, and each failed check is told exactly once.
- `late_source_sensor`: hourly, compares each contract source's newest
  accepted extract in the raw history with its cadence and alerts once per
  source and newest extract date.
- `slack_on_indicators_turned_red` (in `red_indicator_alerts`): after each
  publish, every indicator whose latest month turned Red.

All of them send through the `slack_alerter` resource (`SlackAlerter`), which
logs instead of sending when no token is set and never raises. `ALL_SENSORS`
is what the definitions module includes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb

from contract import Contract, load_contract
from dagster_project import raw_history
from dagster_project.alerts.messages import (
    AlertMessage,
    check_failure_message,
    gate_failure_message,
    lag_warning_message,
    late_source_message,
    run_failure_message,
)
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.red_indicator_alerts import slack_on_indicators_turned_red
from dagster_project.settings import load_settings

ALERTER_KEY = "slack_alerter"

# Metadata keys that tell a gate result from a lag result (see alerts.messages).
GATE_KEYS = frozenset({"failed_rules", "rows_quarantined"})
LAG_KEYS = frozenset({"abnormal_record_types"})

# Why one grace day on top of the cadence: `extract_date` is the night a source
# drops its extract, and the nightly run ingests it in the small hours of the
# next day. Without a grace day a daily source would be "late" every morning
# between midnight and the run finishing, and a drop a few hours late (a
# supplier's job overrunning) would page the team for nothing.
GRACE_DAYS = 1

# Hourly: lateness is measured in days, so checking more often only costs
# read locks on the raw history while the nightly run may want to write.
LATE_SOURCE_INTERVAL_SECONDS = 3600


# --- run failures ---------------------------------------------------------


def _root_error(error: Any) -> tuple[str | None, str | None]:
    """The user's exception (class, message) behind Dagster's wrapper errors."""
    seen = 0
    while (
        error is not None
        and getattr(error, "cause", None) is not None
        and (error.cls_name or "").startswith("Dagster")
        and seen < 10
    ):
        error = error.cause
        seen += 1
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
        cls, message = _root_error(getattr(data, "error", None))
        if user_failure is not None and user_failure.description:
            cls, message = cls or "Failure", user_failure.description
        steps.append((event.step_key or "?", cls, message))
    return steps


def _check_evaluations(
    instance: dg.DagsterInstance, run_id: str
) -> list[Any]:  # AssetCheckEvaluation
    records = instance.get_records_for_run(
        run_id=run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
    ).records
    return [
        record.event_log_entry.dagster_event.event_specific_data
        for record in records
        if record.event_log_entry.dagster_event is not None
    ]


def check_messages(
    evaluations: Iterable[Any], *, run_id: str, ui_base_url: str, warnings_only: bool = False
) -> list[AlertMessage]:
    """Messages for the failed checks of a run (gate, lag, or any other check)."""
    messages = []
    for evaluation in evaluations:
        if evaluation.passed:
            continue
        severity = getattr(evaluation.severity, "value", str(evaluation.severity))
        if warnings_only and severity.upper() != "WARN":
            continue
        metadata = {k: getattr(v, "value", v) for k, v in (evaluation.metadata or {}).items()}
        if LAG_KEYS & metadata.keys():
            messages.append(lag_warning_message(metadata, run_id=run_id, ui_base_url=ui_base_url))
        elif GATE_KEYS & metadata.keys():
            messages.append(gate_failure_message(metadata, run_id=run_id, ui_base_url=ui_base_url))
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


@dg.run_failure_sensor(
    name="slack_on_run_failure",
    description="Posts to the performance team's Slack channel when any run fails.",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def slack_on_run_failure(context: dg.RunFailureSensorContext, slack_alerter: SlackAlerter):
    settings = load_settings()
    run = context.dagster_run
    steps = failed_steps_of(context.get_step_failure_events())
    run_error = None
    if not steps:
        failure = context.failure_event.event_specific_data
        run_error = _root_error(getattr(failure, "error", None))
        if run_error == (None, None):
            run_error = (None, context.failure_event.message)
    messages = [
        run_failure_message(
            job_name=run.job_name,
            run_id=run.run_id,
            ui_base_url=settings.ui_base_url,
            failed_steps=steps,
            run_error=run_error,
        )
    ]
    messages += check_messages(
        _check_evaluations(context.instance, run.run_id),
        run_id=run.run_id,
        ui_base_url=settings.ui_base_url,
    )
    sent = sum(slack_alerter.send(m, log=context.log) for m in messages)
    return dg.SkipReason(
        f"Run {run.run_id} of {run.job_name} failed: "
        f"{len(messages)} alert(s), {sent} sent to Slack."
    )


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    name="slack_on_check_warnings",
    description="Posts failed warning checks (e.g. recording lag) of successful runs to Slack.",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def slack_on_check_warnings(context: dg.RunStatusSensorContext, slack_alerter: SlackAlerter):
    settings = load_settings()
    run = context.dagster_run
    messages = check_messages(
        _check_evaluations(context.instance, run.run_id),
        run_id=run.run_id,
        ui_base_url=settings.ui_base_url,
        warnings_only=True,
    )
    sent = sum(slack_alerter.send(m, log=context.log) for m in messages)
    return dg.SkipReason(
        f"Run {run.run_id} succeeded: {len(messages)} check warning(s), {sent} sent to Slack."
    )


# --- late sources ---------------------------------------------------------


@dataclass(frozen=True)
class SourceStatus:
    source: str
    cadence_days: int
    newest_extract_date: dt.date | None
    due_date: dt.date | None  # newest + cadence: when the next extract should have landed
    days_overdue: int  # days past due_date; only counted as late beyond GRACE_DAYS

    @property
    def is_late(self) -> bool:
        return self.newest_extract_date is None or self.days_overdue > GRACE_DAYS


class RawHistoryUnavailable(Exception):
    """The raw history cannot be read now (missing, or a writer holds the lock)."""


def newest_accepted_extracts(raw_db_path: Path) -> dict[str, dt.date]:
    """Newest accepted extract date per source, read without taking the write lock."""
    if not raw_db_path.exists():
        raise RawHistoryUnavailable(f"no raw history at {raw_db_path.name} yet")
    try:
        con = duckdb.connect(str(raw_db_path), read_only=True)
    except duckdb.Error as exc:
        # DuckDB allows one writer per file, and a read-only open fails while
        # the nightly run writes: try again next tick rather than error.
        raise RawHistoryUnavailable(
            f"raw history is locked or unreadable ({type(exc).__name__})"
        ) from exc
    try:
        return raw_history.latest_accepted_extract_dates(con)
    except duckdb.Error as exc:
        raise RawHistoryUnavailable(f"no extract log to read ({type(exc).__name__})") from exc
    finally:
        con.close()


def source_statuses(
    newest: dict[str, dt.date], contract: Contract, today: dt.date
) -> list[SourceStatus]:
    statuses = []
    for source in contract.sources:
        date = newest.get(source.name)
        due = date + dt.timedelta(days=source.cadence_days) if date else None
        overdue = (today - due).days if due else 0
        statuses.append(
            SourceStatus(
                source=source.name,
                cadence_days=source.cadence_days,
                newest_extract_date=date,
                due_date=due,
                days_overdue=max(overdue, 0),
            )
        )
    return statuses


def london_today(timezone: str | None = None) -> dt.date:
    return dt.datetime.now(ZoneInfo(timezone or load_settings().timezone)).date()


def _load_cursor(cursor: str | None) -> dict[str, str]:
    try:
        value = json.loads(cursor) if cursor else {}
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def evaluate_late_sources(
    *,
    raw_db_path: Path,
    contract: Contract,
    today: dt.date,
    cursor: str | None,
    alerter: SlackAlerter,
    log: Any = None,
) -> tuple[str, str | None]:
    """One tick of the late-source check: (skip reason, new cursor or None to keep).

    The cursor maps source -> the newest extract date already alerted on (or
    "never"), so each lateness is announced once, and again only after the
    source has delivered something newer and then fallen behind again.
    """
    try:
        newest = newest_accepted_extracts(raw_db_path)
    except RawHistoryUnavailable as exc:
        return f"Skipped: {exc}.", None
    if not newest:
        # A fresh install has no accepted extract at all: "every source is
        # late" would only be noise until the first nightly run has landed.
        return "No accepted extract in the raw history yet; nothing to compare.", None

    alerted = _load_cursor(cursor)
    late, sent, notes = [], [], []
    for status in source_statuses(newest, contract, today):
        marker = status.newest_extract_date.isoformat() if status.newest_extract_date else "never"
        if not status.is_late:
            notes.append(f"{status.source} ok (newest {marker})")
            continue
        late.append(status.source)
        if alerted.get(status.source) == marker:
            notes.append(f"{status.source} late, already alerted (newest {marker})")
            continue
        alerter.send(
            late_source_message(
                source=status.source,
                newest_extract_date=status.newest_extract_date,
                cadence_days=status.cadence_days,
                days_overdue=status.days_overdue,
                today=today,
            ),
            log=log,
        )
        alerted[status.source] = marker
        sent.append(status.source)
        notes.append(f"{status.source} late, alerted (newest {marker})")
    reason = (
        f"Checked {len(contract.sources)} sources on {today.isoformat()}: "
        f"{len(late)} late, {len(sent)} newly alerted. " + "; ".join(notes) + "."
    )
    return reason, json.dumps(alerted, sort_keys=True)


@dg.sensor(
    name="late_source_sensor",
    description=(
        "Alerts Slack when a source's newest accepted extract is older than its "
        "contract cadence plus one grace day; once per source and extract date."
    ),
    minimum_interval_seconds=LATE_SOURCE_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def late_source_sensor(context: dg.SensorEvaluationContext, slack_alerter: SlackAlerter):
    settings = load_settings()
    reason, cursor = evaluate_late_sources(
        raw_db_path=settings.raw_db_path,
        contract=load_contract(),
        today=london_today(settings.timezone),
        cursor=context.cursor,
        alerter=slack_alerter,
        log=context.log,
    )
    if cursor is not None and cursor != context.cursor:
        context.update_cursor(cursor)
    return dg.SkipReason(reason)


ALL_SENSORS: Sequence[dg.SensorDefinition] = [
    slack_on_run_failure,
    slack_on_check_warnings,
    late_source_sensor,
    slack_on_indicators_turned_red,
]
