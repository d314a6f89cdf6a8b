"""Alerts for a run executed in this process (`make run`), sent once, by the runner.

Dagster's run-status sensors only see runs launched from a code location
(the schedule, the UI): a run started with `execute_in_process` has no
origin, so `slack_on_run_failure` and `slack_on_check_warnings` skip it.
`python -m dagster_project run` therefore reports its own run, with the same
messages the sensors would send: a failure with its steps and failed checks,
or the warnings that are news (sharing the sensors' warning memory). The
sensors never see the run, so nothing is told twice.
"""

from __future__ import annotations

from typing import Any

import dagster as dg

from dagster_project.alerts.run_events import step_failure_events
from dagster_project.alerts.run_sensors import run_failure_alerts, tell_run_warnings
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.settings import Settings


def _failure_event(instance: dg.DagsterInstance, run_id: str) -> dg.DagsterEvent | None:
    records = instance.get_records_for_run(
        run_id=run_id, of_type=dg.DagsterEventType.RUN_FAILURE
    ).records
    return records[-1].event_log_entry.dagster_event if records else None


def report_in_process_run(
    instance: dg.DagsterInstance,
    run_id: str,
    *,
    settings: Settings,
    alerter: SlackAlerter | None = None,
    log: Any = None,
) -> int:
    """Send what the sensors would have sent for this run; the number Slack accepted.

    Without an `alerter`, the code location's (`SlackAlerter.from_settings`),
    initialised here: outside a Dagster run nothing else resolves its token's
    EnvVar, and an unresolved one would be sent as the variable's name.
    """
    alerter = alerter or SlackAlerter.from_settings().process_config_and_initialize()
    run = instance.get_run_by_id(run_id)
    if run is None:
        return 0
    if run.status == dg.DagsterRunStatus.SUCCESS:
        _, sent = tell_run_warnings(instance, run, alerter=alerter, settings=settings, log=log)
        return sent
    if run.status != dg.DagsterRunStatus.FAILURE:
        return 0
    messages = run_failure_alerts(
        instance,
        run,
        step_failures=step_failure_events(instance, run_id),
        failure_event=_failure_event(instance, run_id),
        ui_base_url=settings.ui_base_url,
    )
    return sum(alerter.send(message, log=log) for message in messages)
