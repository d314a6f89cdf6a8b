"""Alert messages: pure functions from facts to a Slack message.

One builder per alert kind the performance team is told about: a run failed,
a blocking gate rejected an extract, a source is late, the recording-lag
check found a record type abnormal, an indicator turned Red, and the nightly
data-quality summary. Each returns an `AlertMessage`: a title, a plain-text
fallback (what Slack shows in notifications and what is logged when Slack is
not configured) and Block Kit blocks.

Nothing here sends anything or reads settings, so the builders can be tested
and reused (from sensors, or from inside an asset) without Dagster running.
Every string that did not come from our own code (error text, rule names,
file names, a rejection reason) goes through `redaction.scrub`; counts are
printed with thousands separators so they never look like an identifier.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dagster_project.alerts.redaction import scrub, scrub_error


@dataclass(frozen=True)
class AlertMessage:
    # run_failure | gate_failure | late_source | lag_warning | indicator_red | data_quality
    kind: str
    title: str
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)


def run_url(ui_base_url: str, run_id: str) -> str:
    return f"{ui_base_url.rstrip('/')}/runs/{run_id}"


def _count(value: Any) -> str:
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


def _share(value: Any) -> str:
    try:
        return f"{float(value):.1%}"
    except (TypeError, ValueError):
        return "?"


def _safe(value: Any) -> str:
    return scrub(str(value)) if value is not None else "?"


def _iso_date(value: Any) -> str | None:
    """A date we produced (an extract or as-of date), shown as yyyy-mm-dd.

    Only a value that parses as a date is shown as one; anything else is
    treated as untrusted text and scrubbed.
    """
    value = _raw(value)
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


def _raw(value: Any) -> Any:
    """Unwrap a Dagster MetadataValue (or anything with `.value`) to plain data."""
    return getattr(value, "value", value)


def _blocks(title: str, lines: Sequence[str], link: str | None, emoji: str) -> list[dict]:
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


def _message(
    kind: str, title: str, lines: Sequence[str], link: str | None, emoji: str
) -> AlertMessage:
    plain = [line.replace("*", "") for line in lines]
    text = "\n".join([title, *plain, *([f"Run: {link}"] if link else [])])
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
    title = f"Run failed: {_safe(job_name)}"
    lines = [f"*Job:* {_safe(job_name)}"]
    steps = list(failed_steps)
    for step_key, cls, msg in steps[:5]:
        lines.append(f"*Step failed:* {_safe(step_key)}")
        lines.append(f"*Error:* {scrub_error(cls, msg)}")
    if len(steps) > 5:
        lines.append(f"…and {len(steps) - 5} more failed steps")
    if not steps:
        cls, msg = run_error or (None, None)
        lines.append("*Step failed:* none (the run failed outside a step)")
        lines.append(f"*Error:* {scrub_error(cls, msg)}")
    link = run_url(ui_base_url, run_id)
    return _message("run_failure", title, lines, link, ":red_circle:")


def _rules(failed_rules: Any) -> list[str]:
    out = []
    for rule in _raw(failed_rules) or []:
        rule = _raw(rule)
        if isinstance(rule, Mapping):
            name = _safe(rule.get("rule"))
            column = rule.get("column")
            rows = rule.get("rows")
            where = f" on {_safe(column)}" if column else ""
            count = f": {_count(rows)} rows" if rows is not None else ""
            line = f"• {name}{where}{count}"
            # Row numbers in the file, not values: they let an engineer find the pattern.
            first_rows = rule.get("first_rows") or []
            if first_rows:
                shown = ", ".join(_count(r) for r in list(first_rows)[:5])
                line += f" (file rows {shown}{', …' if len(first_rows) > 5 else ''})"
            if rule.get("why"):
                line += f" — {_safe(rule['why'])[:200]}"
            out.append(line)
        else:
            out.append(f"• {_safe(rule)}")
    return out


def gate_failure_message(
    metadata: Mapping[str, Any], *, run_id: str | None, ui_base_url: str
) -> AlertMessage:
    """A blocking gate failed: the extract is held back and downstream is blocked.

    `metadata` is the gate's AssetCheckResult metadata: source, table, file,
    failed_rules [{rule, column, rows}], rows_quarantined (rows dropped),
    rows_read, and fields_nulled where given.
    """
    md = {k: _raw(v) for k, v in metadata.items()}
    source, table = _safe(md.get("source")), _safe(md.get("table"))
    title = f"Gate failed: {source}.{table} blocked"
    extract_date = _iso_date(md.get("extract_date"))
    lines = [
        f"*Source:* {source}   *Table:* {table}"
        + (f"   *Extract:* {extract_date}" if extract_date else ""),
        f"*File:* {_safe(md.get('file'))}",
        f"*Rows dropped:* {_count(md.get('rows_quarantined'))}"
        f" of {_count(md.get('rows_read'))} read"
        + (
            f"   *Fields nulled in rows kept:* {_count(md['fields_nulled'])}"
            if md.get("fields_nulled")
            else ""
        ),
        "*Failed rules:*",
        *(_rules(md.get("failed_rules")) or ["• (not given)"]),
        *([f"*Reason:* {_safe(md['reason'])[:300]}"] if md.get("reason") else []),
        "Everything downstream of this source keeps its last good data until a clean extract"
        " arrives.",
    ]
    link = run_url(ui_base_url, run_id) if run_id else None
    return _message("gate_failure", title, lines, link, ":no_entry:")


def late_source_message(
    *,
    source: str,
    newest_extract_date: dt.date | None,
    cadence_days: int,
    days_overdue: int,
    today: dt.date,
) -> AlertMessage:
    """A source has not dropped an accepted extract within its cadence (plus grace)."""
    title = f"Source late: {_safe(source)}"
    newest = newest_extract_date.isoformat() if newest_extract_date else "never"
    every = "every day" if cadence_days == 1 else f"every {cadence_days} days"
    lines = [
        f"*Source:* {_safe(source)}",
        f"*Newest accepted extract:* {newest}",
        f"*Expected:* {every}",
        f"*Days overdue:* {days_overdue}" if newest_extract_date else "*Days overdue:* n/a",
        f"Checked on {today.isoformat()}. Figures from this source are as of {newest}.",
    ]
    return _message("late_source", title, lines, None, ":hourglass:")


# What each lag figure is called in a message, and how it is shown.
_LAG_FIGURES = (
    ("n_recorded_7d", "recorded in the last 7 days", "count"),
    ("median_lag_days", "median lag (days)", "count"),
    ("p90_lag_days", "90th percentile lag (days)", "count"),
    ("share_within_20wd", "recorded within 20 working days", "share"),
    ("working_days_since_last", "working days since the last record", "count"),
)


def _lag_value(value: Any, how: str) -> str:
    return _share(value) if how == "share" else _count(value)


def lag_warning_message(
    metadata: Mapping[str, Any], *, run_id: str | None, ui_base_url: str
) -> AlertMessage:
    """The recording-lag check found a record type abnormal against its own baseline.

    `metadata` (the check's, see gates/lag/): abnormal_record_types,
    record_types {type: {extract_date, status, baseline_nights, tonight
    {figure: value}, baseline_median {figure: value}}}. Counts, shares and
    days only."""
    md = {k: _raw(v) for k, v in metadata.items()}
    abnormal = [_safe(t) for t in (md.get("abnormal_record_types") or [])]
    per_type = md.get("record_types") if isinstance(md.get("record_types"), Mapping) else {}
    title = "Recording lag abnormal: " + (", ".join(t.replace("_", " ") for t in abnormal) or "?")
    lines = []
    for name in md.get("abnormal_record_types") or []:
        detail = _raw(per_type.get(name, {})) if isinstance(per_type, Mapping) else {}
        detail = detail if isinstance(detail, Mapping) else {}
        tonight = detail.get("tonight") if isinstance(detail.get("tonight"), Mapping) else {}
        usual = (
            detail.get("baseline_median")
            if isinstance(detail.get("baseline_median"), Mapping)
            else {}
        )
        extract = _iso_date(detail.get("extract_date"))
        lines.append(
            f"*{_safe(name).replace('_', ' ').capitalize()}*"
            + (f" (extract {extract})" if extract else "")
            + f", against the last {_count(detail.get('baseline_nights'))} normal nights:"
        )
        for key, label, how in _LAG_FIGURES:
            if key in tonight and tonight.get(key) is not None:
                lines.append(
                    f"• {label}: {_lag_value(tonight.get(key), how)}"
                    f" (usually {_lag_value(usual.get(key), how)})"
                )
    waiting = md.get("record_types_without_baseline") or []
    if waiting:
        lines.append(
            "Not judged yet (baseline still forming): "
            + ", ".join(_safe(t).replace("_", " ") for t in waiting)
        )
    lines.append(
        "Recording has slowed or stopped for these records: the latest figures that use "
        "them will rise when recording catches up. The run went on."
    )
    link = run_url(ui_base_url, run_id) if run_id else None
    return _message("lag_warning", title, lines, link, ":warning:")


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
    published it. Values and thresholds
    arrive formatted as the performance summary prints them ("81.2%", "<87%").
    For a provisional month (recording still catching up), `expected_text` and
    `interval_text` give the expected final value and its 80% interval."""
    title = f"Indicator Red: {_safe(indicator_title)}"
    before = f"was {_safe(previous_rag)}" if previous_rag else "no rating the month before"
    lines = [
        f"*Indicator:* {_safe(reference) + ' ' if reference else ''}{_safe(indicator_title)}",
        f"*Month:* {month.strftime('%B %Y')} ({before})",
        f"*Value:* {_safe(value_text)}   *Red:* {_safe(red_threshold) if red_threshold else '?'}",
    ]
    if expected_text:
        interval = f" (80% interval {_safe(interval_text)})" if interval_text else ""
        lines.append(
            f"*Provisional:* {month.strftime('%B')} {_safe(indicator_title)}: "
            f"{_safe(value_text)} as recorded, expected {_safe(expected_text)}{interval} "
            "once recording catches up"
        )
    link = run_url(ui_base_url, run_id) if run_id and ui_base_url else None
    return _message("indicator_red", title, lines, link, ":large_red_square:")


def check_failure_message(
    *,
    asset: str,
    check_name: str,
    severity: str,
    run_id: str | None,
    ui_base_url: str,
) -> AlertMessage:
    """Any other failed check (a dbt test, a check without gate metadata): names only.

    Its metadata is not copied: we do not know what a foreign check puts there.
    """
    blocking = severity.upper() == "ERROR"
    title = f"Check failed: {_safe(check_name)} on {_safe(asset)}"
    lines = [
        f"*Asset:* {_safe(asset)}",
        f"*Check:* {_safe(check_name)}",
        f"*Severity:* {_safe(severity)}"
        + (" (blocks downstream)" if blocking else " (run went on)"),
    ]
    link = run_url(ui_base_url, run_id) if run_id else None
    return _message("check_failure", title, lines, link, ":x:" if blocking else ":warning:")


# How the summary names what a finding did; any other action (a repair
# counted by the dbt side, say) is shown by its own name.
_ACTION_WORDS = {
    "row_dropped": ("row dropped", "rows dropped"),
    "field_nulled": ("field nulled", "fields nulled"),
}

# A label in the summary (source, table, rule, action) is a name from our own
# code or the contract: one word of letters, digits and _ . , -. Anything
# else is not shown, whatever the frame was given.
_LABEL = re.compile(r"^[A-Za-z0-9_.,-]{1,64}$")

# Lines per summary: one per source table with findings, enough for every
# table of the contract (24) without passing Slack's 3,000-character section.
_SUMMARY_TABLES = 24


def _label(value: Any) -> str:
    text = _safe(value)
    return text if _LABEL.match(text) else "(unnamed)"


def _action_text(action: str, records: int) -> str:
    one, many = _ACTION_WORDS.get(action, (action.replace("_", " "),) * 2)
    return f"{_count(records)} {one if records == 1 else many}"


def data_quality_message(
    counts: pd.DataFrame,
    *,
    as_of: dt.date | None,
    restricted_list: str | None,
    run_id: str | None,
    ui_base_url: str,
) -> AlertMessage:
    """The nightly data-quality summary: records per source, table, rule and action.

    `counts` has the columns source, table_name, rule, action, records (any
    rows: gate findings from `data_quality.finding_counts`, and later repair
    counts from the dbt side). Counts and names only: no id, row or value.
    """
    frame = counts.copy()
    frame["records"] = pd.to_numeric(frame["records"], errors="coerce").fillna(0).astype(int)
    frame = frame[frame["records"] > 0]
    for column in ("source", "table_name", "rule", "action"):
        frame[column] = frame[column].map(_label)
    when = f" ({as_of.isoformat()})" if as_of else ""
    title = f"Data quality: last night's extracts{when}"
    by_action = frame.groupby("action")["records"].sum().sort_index()
    totals = ", ".join(_action_text(a, int(n)) for a, n in by_action.items()) or "none"
    lines = [f"*Records affected:* {_count(int(frame['records'].sum()))} ({totals})"]
    tables = frame.groupby(["source", "table_name"], sort=True)
    if len(frame):
        lines.append("*By source and table* (rule: records):")
    for i, ((source, table), group) in enumerate(tables):
        if i == _SUMMARY_TABLES:
            lines.append(f"…and {tables.ngroups - _SUMMARY_TABLES} more tables")
            break
        parts = [
            f"{row.rule}: {_action_text(row.action, int(row.records))}"
            for row in group.sort_values(["records", "rule"], ascending=[False, True]).itertuples()
        ]
        lines.append(f"• {source}.{table} — " + "; ".join(parts))
    if restricted_list:
        lines.append(
            f"The rows are listed by rule in the restricted list `{_label(restricted_list)}`"
            " for the people who correct records in the source systems."
        )
    link = run_url(ui_base_url, run_id) if run_id else None
    return _message("data_quality", title, lines, link, ":mag:")
