"""What every alert message is made of, and how untrusted values are shown.

Belongs here: the `AlertMessage` shape (a title, a plain-text fallback that
Slack shows in notifications and the log shows when Slack is not set up, and
Block Kit blocks), the run and report links, and the small formatters every
builder shares. `plain` is the one way a Dagster metadata value is unwrapped,
for builders and sensors alike.

Every string that did not come from our own code goes through `safe`
(`redaction.scrub`); counts go through `count_text`, which prints thousands
separators so a count never looks like an identifier.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dagster_project.alerts.redaction import scrub


@dataclass(frozen=True)
class AlertMessage:
    # run_failure | run_died | gate_failure | late_source | lag_warning | check_failure |
    # warnings_reminder | indicator_red | data_quality | health_reconciliation
    kind: str
    title: str
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)


def plain(value: Any) -> Any:
    """A Dagster MetadataValue (or anything with `.value`) as plain data."""
    return getattr(value, "value", value)


def plain_metadata(metadata: Mapping[str, Any] | None) -> dict[str, Any]:
    """A whole metadata mapping (a check's, an event's) as plain data."""
    return {key: plain(value) for key, value in (metadata or {}).items()}


def run_url(ui_base_url: str, run_id: str) -> str:
    return f"{ui_base_url.rstrip('/')}/runs/{run_id}"


def count_text(value: Any) -> str:
    """A count as people read it: 1,234. Never a bare 6-digit run (see redaction)."""
    if value is None or value == "":
        return "?"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return scrub(str(value))
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}"


def share_text(value: Any) -> str:
    try:
        return f"{float(value):.1%}"
    except (TypeError, ValueError):
        return "?"


def safe(value: Any) -> str:
    """Untrusted text, scrubbed; '?' when missing."""
    return scrub(str(value)) if value is not None else "?"


def iso_date(value: Any) -> str | None:
    """A date we produced (an extract or as-of date), shown as yyyy-mm-dd.

    Only a value that parses as a date is shown as one; anything else is
    treated as untrusted text and scrubbed.
    """
    value = plain(value)
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        return scrub(str(value))


def _blocks(title: str, lines: Sequence[str], link: str | None, emoji: str) -> list[dict]:
    # 150 and 2,900 characters: Slack's limits for a header (150) and a
    # section (3,000), the latter with room for the link Slack may append.
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": f"{emoji} {title}"[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:2900]}},
    ]
    if link:
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": f"<{link}|Open the run in Dagster>"}],
            }
        )
    return blocks


def alert_message(
    kind: str, title: str, lines: Sequence[str], link: str | None, emoji: str
) -> AlertMessage:
    """The message from its lines (mrkdwn), with the plain-text twin Slack needs."""
    plain_lines = [line.replace("*", "") for line in lines]
    text = "\n".join([title, *plain_lines, *([f"Run: {link}"] if link else [])])
    return AlertMessage(
        kind=kind, title=title, text=text, blocks=_blocks(title, lines, link, emoji)
    )


def with_report_link(message: AlertMessage, report_url: str | None) -> AlertMessage:
    """The same message with a link to the latest report (the night's, once published).

    The URL is ours (settings), never text read from a file.
    """
    if not report_url:
        return message
    link = {"type": "mrkdwn", "text": f"<{report_url}|Open the latest performance report>"}
    blocks = [dict(block) for block in message.blocks]
    context = next((b for b in blocks if b.get("type") == "context"), None)
    if context is None:
        blocks.append({"type": "context", "elements": [link]})
    else:
        context["elements"] = [*context.get("elements", []), link]
    return AlertMessage(
        kind=message.kind,
        title=message.title,
        text=f"{message.text}\nReport: {report_url}",
        blocks=blocks,
    )


_LA_CODE = re.compile(r"^\d{3}$")


def for_council(message: AlertMessage, la_code: str | None) -> AlertMessage:
    """The same message naming the council it is about: 'Council 801: ...'.

    Only a checked 3-digit LA code is ever named (it may come from a run tag
    or a folder name); anything else leaves the message as it was.
    """
    if not la_code or not _LA_CODE.match(str(la_code)):
        return message
    prefix = f"Council {la_code}: "
    blocks = [dict(block) for block in message.blocks]
    for block in blocks:
        if block.get("type") == "header":
            text = dict(block["text"])
            emoji, _, rest = text["text"].partition(" ")
            text["text"] = f"{emoji} {prefix}{rest}"[:150]
            block["text"] = text
    return AlertMessage(
        kind=message.kind,
        title=prefix + message.title,
        text=prefix + message.text,
        blocks=blocks,
    )
