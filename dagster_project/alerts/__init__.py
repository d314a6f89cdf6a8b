"""Alerts to the performance team's Slack channel: one area, one module per job.

Messages (pure, no Dagster needed):
- `messages/`: one builder per subject (runs, gates, lag, checks, sources,
  indicators, data quality), all returning an `AlertMessage`;
- `reconciliation_message`: the nightly health reconciliation summary;
- `redaction`: the PII guard every message and alert log line passes through.

Sending:
- `slack`: the `SlackAlerter` resource (slack-sdk, logs when no token, never raises).

Sensors, grouped by what they watch (`sensors.ALL_SENSORS` lists them):
- `run_sensors`: runs that failed, or succeeded with failed warning checks
  (`run_events` reads a run's events, `check_alerts` picks each failed
  check's message by the check's name, `warning_memory` tells a warning
  once); `in_process` reports `make run`'s runs, which the sensors never see;
- `dead_run_sensor`: runs killed mid-way (still STARTED, silent);
- `late_source_sensor`: sources late against their cadence (`late_sources`);
- `red_indicator_sensor`: indicators that turned Red (`red_indicators`);
- `cursor`: the one way a sensor keeps state between ticks.
"""

from dagster_project.alerts.messages import (
    AlertMessage,
    gate_failure_message,
    indicator_red_message,
    lag_warning_message,
    late_source_message,
    run_failure_message,
)
from dagster_project.alerts.redaction import scrub, scrub_error, scrub_identifiers
from dagster_project.alerts.slack import SlackAlerter

__all__ = [
    "AlertMessage",
    "SlackAlerter",
    "gate_failure_message",
    "indicator_red_message",
    "lag_warning_message",
    "late_source_message",
    "run_failure_message",
    "scrub",
    "scrub_error",
    "scrub_identifiers",
]
