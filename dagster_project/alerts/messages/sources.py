"""Messages about the sources' deliveries: a source is late."""

from __future__ import annotations

import datetime as dt

from dagster_project.alerts.messages.format import AlertMessage, alert_message, safe


def late_source_message(
    *,
    source: str,
    newest_extract_date: dt.date | None,
    cadence_days: int,
    days_overdue: int,
    today: dt.date,
) -> AlertMessage:
    """A source has not dropped an accepted extract within its cadence (plus grace)."""
    title = f"Source late: {safe(source)}"
    newest = newest_extract_date.isoformat() if newest_extract_date else "never"
    every = "every day" if cadence_days == 1 else f"every {cadence_days} days"
    lines = [
        f"*Source:* {safe(source)}",
        f"*Newest accepted extract:* {newest}",
        f"*Expected:* {every}",
        f"*Days overdue:* {days_overdue}" if newest_extract_date else "*Days overdue:* n/a",
        f"Checked on {today.isoformat()}. Figures from this source are as of {newest}.",
    ]
    return alert_message("late_source", title, lines, None, ":hourglass:")
