"""The sensor that tells the team a source is late (see late_sources.py for the rule).

Hourly, it compares each contract source's newest accepted extract in the
raw history with its cadence and alerts once per source and newest extract
date: the cursor maps source -> the newest extract date already alerted on
(or "never"), so a lateness is announced once, and again only after the
source has delivered something newer and then fallen behind again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import dagster as dg

from contract import Contract, load_contract
from dagster_project.alerts.cursor import end_tick, read_cursor, write_cursor
from dagster_project.alerts.late_sources import (
    RawHistoryUnavailable,
    SourceStatus,
    local_now,
    newest_accepted_extracts,
    nightly_run_done,
    source_statuses,
)
from dagster_project.alerts.messages import for_council, late_source_message
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.councils import CouncilRegistryError, find_councils
from dagster_project.ingest.council import CouncilMismatch
from dagster_project.resources import LacSettings

# Hourly: lateness is measured in days, so checking more often only costs
# read locks on the raw history while the nightly run may want to write.
LATE_SOURCE_INTERVAL_SECONDS = 3600


def _marker(status: SourceStatus) -> str:
    return status.newest_extract_date.isoformat() if status.newest_extract_date else "never"


def _alert(
    status: SourceStatus, today: dt.date, alerter: SlackAlerter, log: Any, council: str | None
) -> None:
    message = late_source_message(
        source=status.source,
        newest_extract_date=status.newest_extract_date,
        cadence_days=status.cadence_days,
        days_overdue=status.days_overdue,
        today=today,
    )
    alerter.send(for_council(message, council), log=log)


def evaluate_late_sources(
    *,
    raw_db_path: Path,
    contract: Contract,
    landing_dir: Path | None = None,
    today: dt.date,
    cursor: str | None,
    alerter: SlackAlerter,
    log: Any = None,
    run_done: bool = True,
    council: str | None = None,
) -> tuple[str, str | None]:
    """One tick of the late-source check: (skip reason, new cursor or None to keep).

    `council`: in the multi-council layout, the council whose raw history and
    landing folder these are; its alerts name it, and the cursor remembers
    its sources under `<la_code>/<source>`.
    """
    try:
        newest = newest_accepted_extracts(raw_db_path)
    except RawHistoryUnavailable as exc:
        return f"Skipped: {exc}.", None
    if not newest:
        # A fresh install has no accepted extract at all: "every source is
        # late" would only be noise until the first nightly run has landed.
        return "No accepted extract in the raw history yet; nothing to compare.", None

    alerted = read_cursor(cursor)
    late, sent, notes = [], [], []
    for status in source_statuses(newest, contract, today, landing_dir, run_done):
        marker = _marker(status)
        if not status.is_sent:
            notes.append(f"{status.source} not sent (no landing folder)")
            continue
        if not status.is_late:
            notes.append(f"{status.source} ok (newest {marker})")
            continue
        late.append(status.source)
        remembered = f"{council}/{status.source}" if council else status.source
        if alerted.get(remembered) == marker:
            notes.append(f"{status.source} late, already alerted (newest {marker})")
            continue
        _alert(status, today, alerter, log, council)
        alerted[remembered] = marker
        sent.append(status.source)
        notes.append(f"{status.source} late, alerted (newest {marker})")
    reason = (
        (f"Council {council}: " if council else "")
        + f"Checked {len(contract.sources)} sources on {today.isoformat()}: "
        f"{len(late)} late, {len(sent)} newly alerted. " + "; ".join(notes) + "."
    )
    return reason, write_cursor(alerted)


@dg.sensor(
    name="late_source_sensor",
    description=(
        "Alerts Slack when a source missed a delivery: a daily source after one missed "
        "night, a weekly or rarer one a day after; once per source and extract date."
    ),
    minimum_interval_seconds=LATE_SOURCE_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def late_source_sensor(
    context: dg.SensorEvaluationContext, slack_alerter: SlackAlerter, lac_settings: LacSettings
):
    settings = lac_settings.settings
    now = local_now(settings.timezone)
    try:
        councils = find_councils(settings)
    except (CouncilMismatch, CouncilRegistryError) as error:
        return dg.SkipReason(f"Skipped: the landing zone cannot be read as councils ({error})")
    # Each council's sources from its own raw history; the cursor is carried
    # from one council to the next (its keys are per council in the multi layout).
    reasons, cursor = [], context.cursor
    for council in councils.councils:
        reason, new_cursor = evaluate_late_sources(
            raw_db_path=council.raw_db_path,
            contract=load_contract(),
            landing_dir=council.landing_dir,
            today=now.date(),
            cursor=cursor,
            alerter=slack_alerter,
            log=context.log,
            run_done=nightly_run_done(now),
            council=council.la_code if council.multi else None,
        )
        reasons.append(reason)
        cursor = new_cursor if new_cursor is not None else cursor
    changed = cursor if cursor != context.cursor else None
    return end_tick(context, " | ".join(reasons), changed)
