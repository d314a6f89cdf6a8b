"""Messages about the published figures: an indicator turned Red."""

from __future__ import annotations

import datetime as dt

from dagster_project.alerts.messages.format import AlertMessage, alert_message, run_url, safe


def indicator_red_message(
    *,
    indicator_title: str,
    reference: str | None,
    value_text: str,
    red_threshold: str | None,
    previous_rag: str | None,
    month: dt.date,
    run_id: str | None = None,
    ui_base_url: str | None = None,
    expected_text: str | None = None,
    interval_text: str | None = None,
) -> AlertMessage:
    """An indicator's RAG turned Red for the latest month; links to the run that
    published it. Values and thresholds arrive formatted as the performance
    summary prints them ("81.2%", "<87%"). For a provisional month (recording
    still catching up), `expected_text` and `interval_text` give the expected
    final value and its 80% interval."""
    title = f"Indicator Red: {safe(indicator_title)}"
    before = f"was {safe(previous_rag)}" if previous_rag else "no rating the month before"
    lines = [
        f"*Indicator:* {safe(reference) + ' ' if reference else ''}{safe(indicator_title)}",
        f"*Month:* {month.strftime('%B %Y')} ({before})",
        f"*Value:* {safe(value_text)}   *Red:* {safe(red_threshold) if red_threshold else '?'}",
    ]
    if expected_text:
        interval = f" (80% interval {safe(interval_text)})" if interval_text else ""
        lines.append(
            f"*Provisional:* {month.strftime('%B')} {safe(indicator_title)}: "
            f"{safe(value_text)} as recorded, expected {safe(expected_text)}{interval} "
            "once recording catches up"
        )
    link = run_url(ui_base_url, run_id) if run_id and ui_base_url else None
    return alert_message("indicator_red", title, lines, link, ":large_red_square:")
