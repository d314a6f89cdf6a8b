"""Evaluating the run-failure sensor on a finished run, as the daemon would."""

from __future__ import annotations

import dagster as dg

from dagster_project.alerts.slack import SlackAlerter


def run_failure_context(
    result: dg.ExecuteInProcessResult, instance: dg.DagsterInstance, alerter: SlackAlerter
) -> dg.RunFailureSensorContext:
    return dg.build_run_status_sensor_context(
        sensor_name="slack_on_run_failure",
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        dagster_event=result.get_run_failure_event(),
        resources={"slack_alerter": alerter},
    ).for_run_failure()
