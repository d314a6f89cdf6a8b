"""One-call helpers for code that wants to alert from inside a run.

A gate asset or asset check that has just failed (or warned) calls one of
these with the AssetCheckResult metadata it is about to return, so the
message goes out in the same run, with a link back to it. The sensors in
`dagster_project.sensors` use the same builders, so a message reads the same
whichever path sends it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dagster_project.alerts.messages import (
    AlertMessage,
    gate_failure_message,
    indicator_red_message,
    lag_warning_message,
)
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.settings import load_settings


def _ui_base_url(ui_base_url: str | None) -> str:
    return ui_base_url or load_settings().ui_base_url


def alert_gate_failure(
    alerter: SlackAlerter,
    check_metadata: Mapping[str, Any],
    run_id: str | None,
    *,
    ui_base_url: str | None = None,
    log: Any = None,
) -> AlertMessage:
    """Send the blocking-gate message for one failed check; returns what was sent."""
    message = gate_failure_message(
        check_metadata, run_id=run_id, ui_base_url=_ui_base_url(ui_base_url)
    )
    alerter.send(message, log=log)
    return message


def alert_lag_warning(
    alerter: SlackAlerter,
    check_metadata: Mapping[str, Any],
    run_id: str | None,
    *,
    ui_base_url: str | None = None,
    log: Any = None,
) -> AlertMessage:
    """Send the data-entry lag warning; returns what was sent."""
    message = lag_warning_message(
        check_metadata, run_id=run_id, ui_base_url=_ui_base_url(ui_base_url)
    )
    alerter.send(message, log=log)
    return message


def alert_indicator_red(alerter: SlackAlerter, *, log: Any = None, **kwargs: Any) -> AlertMessage:
    """Send the indicator-turned-Red message (kwargs as `indicator_red_message`)."""
    message = indicator_red_message(**kwargs)
    alerter.send(message, log=log)
    return message
