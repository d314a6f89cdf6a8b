"""The nightly data-quality summary: records affected per source, table, rule and action."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd

from dagster_project.alerts.messages.format import (
    AlertMessage,
    alert_message,
    count_text,
    run_url,
    safe,
)

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
    text = safe(value)
    return text if _LABEL.match(text) else "(unnamed)"


def _action_text(action: str, records: int) -> str:
    one, many = _ACTION_WORDS.get(action, (action.replace("_", " "),) * 2)
    return f"{count_text(records)} {one if records == 1 else many}"


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
    lines = [f"*Records affected:* {count_text(int(frame['records'].sum()))} ({totals})"]
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
    return alert_message("data_quality", title, lines, link, ":mag:")
