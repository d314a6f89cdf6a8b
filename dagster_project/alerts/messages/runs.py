"""Messages about runs: a run failed, or died without saying so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from dagster_project.alerts.messages.format import (
    AlertMessage,
    alert_message,
    count_text,
    run_url,
    safe,
)
from dagster_project.alerts.redaction import scrub_error

# Steps named per message: a nightly run that fails early fails one step;
# more than five failed steps is one cause showing in many places.
MAX_STEPS_SHOWN = 5


def run_failure_message(
    *,
    job_name: str,
    run_id: str,
    ui_base_url: str,
    failed_steps: Iterable[tuple[str, str | None, str | None]] = (),
    run_error: tuple[str | None, str | None] | None = None,
) -> AlertMessage:
    """A run failed. `failed_steps` is (step key, exception class, message) per failed step;
    `run_error` is (class, message) of the run-level failure when no step failed."""
    title = f"Run failed: {safe(job_name)}"
    lines = [f"*Job:* {safe(job_name)}"]
    steps = list(failed_steps)
    for step_key, cls, msg in steps[:MAX_STEPS_SHOWN]:
        lines.append(f"*Step failed:* {safe(step_key)}")
        lines.append(f"*Error:* {scrub_error(cls, msg)}")
    if len(steps) > MAX_STEPS_SHOWN:
        lines.append(f"…and {len(steps) - MAX_STEPS_SHOWN} more failed steps")
    if not steps:
        cls, msg = run_error or (None, None)
        lines.append("*Step failed:* none (the run failed outside a step)")
        lines.append(f"*Error:* {scrub_error(cls, msg)}")
    link = run_url(ui_base_url, run_id)
    return alert_message("run_failure", title, lines, link, ":red_circle:")


def run_died_message(
    *,
    job_name: str,
    run_id: str,
    ui_base_url: str,
    last_event_at: dt.datetime,
    quiet_minutes: int,
) -> AlertMessage:
    """A run still marked STARTED has logged nothing for `quiet_minutes`: its
    process was most likely killed (kill -9, a reboot, out of memory)."""
    title = f"Run died: {safe(job_name)}"
    lines = [
        f"*Job:* {safe(job_name)}",
        f"*Last sign of life:* {last_event_at.strftime('%Y-%m-%d %H:%M %Z').strip()}"
        f" ({count_text(quiet_minutes)} minutes ago)",
        "Dagster still shows the run as started, but nothing has run since. The published "
        "warehouse is the last night's that completed.",
        "If no process is running it, terminate the run in Dagster and start the night again.",
    ]
    return alert_message("run_died", title, lines, run_url(ui_base_url, run_id), ":skull:")
