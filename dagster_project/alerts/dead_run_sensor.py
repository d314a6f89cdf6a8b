"""The sensor that finds runs that died: still STARTED in Dagster, silent for half an hour.

A run whose process is killed (kill -9, a reboot, the machine running out
of memory) never records its end: Dagster shows it as started for ever and
no run-status sensor fires. Dagster's run monitoring (config/dagster.yaml)
times out runs stuck STARTING or CANCELING, but it can only tell a STARTED
run is dead when the run launcher can check its worker, which the default
launcher cannot, and it never sees `make run`'s in-process runs at all.
So this sensor looks at every STARTED run's newest event: a live run logs
something at least every few minutes (each step, each dbt model), a dead
one never again. Each dead run is told once (the cursor keeps the ids of
those still STARTED). The run's status is left alone: marking it failed is
a person's call, in the UI, once they have checked no process is running it.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from zoneinfo import ZoneInfo

import dagster as dg

from dagster_project.alerts.cursor import end_tick, read_cursor, write_cursor
from dagster_project.alerts.messages import run_died_message
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.resources import LacSettings

# Why 30 minutes: the whole nightly run takes about 2 minutes here and its
# quietest stretch (one source's ingest and gates, or one large dbt model)
# well under one; 30 minutes of silence is fifteen whole runs, so a slow
# night on a loaded machine is never called dead, and a dead run is still
# told the same morning.
QUIET_MINUTES_BEFORE_DEAD = 30

# Every 10 minutes: a third of the quiet time, so a dead run is told at most
# 40 minutes after its last event, for one cheap query of the run storage.
DEAD_RUN_INTERVAL_SECONDS = 600


def last_sign_of_life(instance: dg.DagsterInstance, run_id: str) -> float | None:
    """The timestamp of the run's newest event (None if it logged none)."""
    records = instance.get_records_for_run(run_id=run_id, limit=1, ascending=False).records
    return records[0].event_log_entry.timestamp if records else None


def evaluate_dead_runs(
    instance: dg.DagsterInstance,
    *,
    now: float,
    cursor: str | None,
    alerter: SlackAlerter,
    ui_base_url: str,
    timezone: str,
    log: Any = None,
) -> tuple[str, str]:
    """One tick: (skip reason, new cursor). `now` is a Unix timestamp."""
    told = set(read_cursor(cursor).get("told", []))
    started = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED]))
    dead, sent = [], 0
    for run in started:
        last = last_sign_of_life(instance, run.run_id)
        quiet_minutes = int((now - last) // 60) if last is not None else 0
        if last is None or quiet_minutes < QUIET_MINUTES_BEFORE_DEAD:
            continue
        dead.append(run.run_id)
        if run.run_id in told:
            continue
        message = run_died_message(
            job_name=run.job_name,
            run_id=run.run_id,
            ui_base_url=ui_base_url,
            last_event_at=dt.datetime.fromtimestamp(last, ZoneInfo(timezone)),
            quiet_minutes=quiet_minutes,
        )
        sent += alerter.send(message, log=log)
        told.add(run.run_id)
    # A run that is no longer STARTED (terminated, marked failed) needs no memory.
    told &= {run.run_id for run in started}
    reason = (
        f"{len(started)} run(s) started, {len(dead)} silent for "
        f"{QUIET_MINUTES_BEFORE_DEAD}+ minutes, {sent} newly told to Slack."
    )
    return reason, write_cursor({"told": sorted(told)})


@dg.sensor(
    name="slack_on_dead_runs",
    description=(
        f"Posts to Slack when a run still marked STARTED has logged nothing for "
        f"{QUIET_MINUTES_BEFORE_DEAD} minutes (its process was killed); once per run."
    ),
    minimum_interval_seconds=DEAD_RUN_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def slack_on_dead_runs(
    context: dg.SensorEvaluationContext, slack_alerter: SlackAlerter, lac_settings: LacSettings
):
    settings = lac_settings.settings
    reason, cursor = evaluate_dead_runs(
        context.instance,
        now=time.time(),
        cursor=context.cursor,
        alerter=slack_alerter,
        ui_base_url=settings.ui_base_url,
        timezone=settings.timezone,
        log=context.log,
    )
    return end_tick(context, reason, cursor)
