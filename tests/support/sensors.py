"""Evaluating the run-failure sensor on a finished run, as the daemon would."""

from __future__ import annotations

import dagster as dg

from dagster_project.alerts.slack import SlackAlerter
from dagster_project.resources import LacSettings


def run_failure_context(
    result: dg.ExecuteInProcessResult,
    instance: dg.DagsterInstance,
    alerter: SlackAlerter,
    settings: LacSettings | None = None,
) -> dg.RunFailureSensorContext:
    """The sensor's context, with the resources injected (default settings unless given)."""
    return dg.build_run_status_sensor_context(
        sensor_name="slack_on_run_failure",
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        dagster_event=result.get_run_failure_event(),
        resources={"slack_alerter": alerter, "lac_settings": settings or LacSettings()},
    ).for_run_failure()
