"""Alerts to the performance team's Slack channel.

- `redaction`: the PII guard every message and alert log line passes through;
- `messages`: pure builders, one per alert kind;
- `slack`: the `SlackAlerter` resource (slack-sdk, logs when no token, never raises).

The sensors that send run-failure, check and late-source alerts live in
`dagster_project.sensors`.
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
