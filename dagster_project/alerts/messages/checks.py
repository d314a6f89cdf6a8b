"""Messages about any other failed check: a dbt test, the reconciliation gap, a new check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from dagster_project.alerts.messages.format import (
    AlertMessage,
    alert_message,
    count_text,
    run_url,
    safe,
)


def check_failure_message(
    *,
    asset: str,
    check_name: str,
    severity: str,
    run_id: str | None,
    ui_base_url: str,
    failing_rows: Any = None,
) -> AlertMessage:
    """A failed check that has no message of its own: names, and the count of
    failing rows when the check gives one (a dbt test does).

    Its other metadata is not copied: we do not know what a foreign check puts there.
    """
    blocking = severity.upper() == "ERROR"
    effect = " (blocks downstream)" if blocking else " (run went on)"
    title = f"Check failed: {safe(check_name)} on {safe(asset)}"
    lines = [
        f"*Asset:* {safe(asset)}",
        f"*Check:* {safe(check_name)}",
        f"*Severity:* {safe(severity)}{effect}",
        *([f"*Rows failing:* {count_text(failing_rows)}"] if failing_rows is not None else []),
    ]
    link = run_url(ui_base_url, run_id) if run_id else None
    return alert_message("check_failure", title, lines, link, ":x:" if blocking else ":warning:")


def warnings_reminder_message(
    open_warnings: Sequence[tuple[str, str, dt.date]], *, today: dt.date
) -> AlertMessage:
    """The weekly reminder of warnings told before and unchanged since.

    `open_warnings`: (check name, asset, first told) per warning. Each was
    sent in full when it first appeared or last changed; this lists them so
    a warning nobody acted on is not forgotten.
    """
    title = f"Warnings still open: {count_text(len(open_warnings))} unchanged (weekly reminder)"
    lines = [f"*As of:* {today.isoformat()}"]
    lines += [
        f"• {safe(check)} on {safe(asset)}: unchanged since {since.isoformat()}"
        for check, asset, since in open_warnings
    ]
    lines.append("Each was sent in full when it appeared or last changed.")
    return alert_message("warnings_reminder", title, lines, None, ":repeat:")
