"""Sensors that watch runs finish: a run failed, or succeeded with failed warning checks.

- `slack_on_run_failure`: any run of this code location failed. Names the
  failed step(s), the exception class and a scrubbed first line of the
  error, and links to the run; each failed check of that run (a blocking
  gate, say) gets its own message too.
- `slack_on_check_warnings`: a run succeeded but a warning check failed (the
  recording-lag check warns and lets the run go on). A warning is told once,
  then only when it changes or in a weekly reminder (warning_memory.py).

The run-status sensors read the run's asset check evaluations, so no check
needs to send anything itself, and each failed check is told exactly once.
`run_failure_alerts` and `tell_run_warnings` work from the instance alone,
so a run the sensors do not see (`make run`'s in-process run, in_process.py)
is reported the same way.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import dagster as dg

from dagster_project.alerts.check_alerts import check_messages, failed_checks, passed_check_keys
from dagster_project.alerts.late_sources import local_today
from dagster_project.alerts.messages import AlertMessage, for_council, run_failure_message
from dagster_project.alerts.run_events import (
    check_evaluations,
    failed_steps_of,
    run_level_error,
)
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.alerts.warning_memory import tell_warnings
from dagster_project.assets.council_partitions import COUNCIL_TAG
from dagster_project.resources import LacSettings
from dagster_project.settings import Settings

# Dagster's own tag of a partitioned run: the partition key (a council's code).
PARTITION_TAG = "dagster/partition"


def run_council(run: dg.DagsterRun) -> str | None:
    """The council a run was for (its councils partition), if any; for_council checks it."""
    return run.tags.get(COUNCIL_TAG) or run.tags.get(PARTITION_TAG)


def run_failure_alerts(
    instance: dg.DagsterInstance,
    run: dg.DagsterRun,
    *,
    step_failures: list[dg.DagsterEvent],
    failure_event: dg.DagsterEvent | None,
    ui_base_url: str,
) -> list[AlertMessage]:
    """The run-failure message, then one message per failed check of the run."""
    steps = failed_steps_of(step_failures)
    messages = [
        run_failure_message(
            job_name=run.job_name,
            run_id=run.run_id,
            ui_base_url=ui_base_url,
            failed_steps=steps,
            run_error=None if steps else run_level_error(failure_event),
        )
    ]
    messages += check_messages(
        check_evaluations(instance, run.run_id), run_id=run.run_id, ui_base_url=ui_base_url
    )
    # A council's run (a councils partition) names its council in every message.
    return [for_council(message, run_council(run)) for message in messages]


def tell_run_warnings(
    instance: dg.DagsterInstance,
    run: dg.DagsterRun,
    *,
    alerter: SlackAlerter,
    settings: Settings,
    log: Any = None,
) -> tuple[int, int]:
    """Send the warnings of a successful run that are news tonight (see warning_memory);
    (messages due, messages sent).

    A council's run (a councils partition) remembers its warnings apart from
    the other councils' (the same check on the same asset is another
    council's warning) and names the council in each message.
    """
    evaluations = check_evaluations(instance, run.run_id)
    found = failed_checks(
        evaluations, run_id=run.run_id, ui_base_url=settings.ui_base_url, warnings_only=True
    )
    passed = passed_check_keys(evaluations)
    council = run_council(run)
    if council:
        found = [
            replace(
                f, asset=f"{f.asset} of council {council}", message=for_council(f.message, council)
            )
            for f in found
        ]
        passed = {f"{key} of council {council}" for key in passed}
    return tell_warnings(
        instance,
        found,
        passed,
        local_today(settings.timezone),
        send=lambda message: alerter.send(message, log=log),
    )


@dg.run_failure_sensor(
    name="slack_on_run_failure",
    description="Posts to the performance team's Slack channel when any run fails.",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def slack_on_run_failure(
    context: dg.RunFailureSensorContext, slack_alerter: SlackAlerter, lac_settings: LacSettings
):
    run = context.dagster_run
    messages = run_failure_alerts(
        context.instance,
        run,
        step_failures=context.get_step_failure_events(),
        failure_event=context.failure_event,
        ui_base_url=lac_settings.settings.ui_base_url,
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
def slack_on_check_warnings(
    context: dg.RunStatusSensorContext, slack_alerter: SlackAlerter, lac_settings: LacSettings
):
    run = context.dagster_run
    due, sent = tell_run_warnings(
        context.instance,
        run,
        alerter=slack_alerter,
        settings=lac_settings.settings,
        log=context.log,
    )
    return dg.SkipReason(
        f"Run {run.run_id} succeeded: {due} warning message(s) new or due a reminder, "
        f"{sent} sent to Slack."
    )
