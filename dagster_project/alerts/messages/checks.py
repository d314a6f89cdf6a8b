"""Messages about any other failed check: a dbt test, the reconciliation gap, a new check."""

from __future__ import annotations

from dagster_project.alerts.messages.format import AlertMessage, alert_message, run_url, safe


def check_failure_message(
    *,
    asset: str,
    check_name: str,
    severity: str,
    run_id: str | None,
    ui_base_url: str,
) -> AlertMessage:
    """A failed check that has no message of its own: names only.

    Its metadata is not copied: we do not know what a foreign check puts there.
    """
    blocking = severity.upper() == "ERROR"
    effect = " (blocks downstream)" if blocking else " (run went on)"
    title = f"Check failed: {safe(check_name)} on {safe(asset)}"
    lines = [
        f"*Asset:* {safe(asset)}",
        f"*Check:* {safe(check_name)}",
        f"*Severity:* {safe(severity)}{effect}",
    ]
    link = run_url(ui_base_url, run_id) if run_id else None
    return alert_message("check_failure", title, lines, link, ":x:" if blocking else ":warning:")
