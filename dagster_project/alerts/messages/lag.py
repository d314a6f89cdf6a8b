"""Messages about the recording-lag check (gates/lag/) finding a record type abnormal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dagster_project.alerts.messages.format import (
    AlertMessage,
    alert_message,
    count_text,
    iso_date,
    plain,
    plain_metadata,
    run_url,
    safe,
    share_text,
)

# What each lag figure is called in a message, and how it is shown.
_LAG_FIGURES = (
    ("n_recorded_7d", "recorded in the last 7 days", "count"),
    ("median_lag_days", "median lag (days)", "count"),
    ("p90_lag_days", "90th percentile lag (days)", "count"),
    ("share_within_20wd", "recorded within 20 working days", "share"),
    ("working_days_since_last", "working days since the last record", "count"),
)


def _lag_value(value: Any, how: str) -> str:
    return share_text(value) if how == "share" else count_text(value)


def _mapping(value: Any) -> Mapping:
    value = plain(value)
    return value if isinstance(value, Mapping) else {}


def _record_type_lines(name: Any, detail: Mapping) -> list[str]:
    tonight, usual = _mapping(detail.get("tonight")), _mapping(detail.get("baseline_median"))
    extract = iso_date(detail.get("extract_date"))
    lines = [
        f"*{safe(name).replace('_', ' ').capitalize()}*"
        + (f" (extract {extract})" if extract else "")
        + f", against the last {count_text(detail.get('baseline_nights'))} normal nights:"
    ]
    for key, label, how in _LAG_FIGURES:
        if tonight.get(key) is not None:
            lines.append(
                f"• {label}: {_lag_value(tonight.get(key), how)}"
                f" (usually {_lag_value(usual.get(key), how)})"
            )
    return lines


def lag_warning_message(
    metadata: Mapping[str, Any], *, run_id: str | None, ui_base_url: str
) -> AlertMessage:
    """The recording-lag check found a record type abnormal against its own baseline.

    `metadata` (the check's, see gates/lag/): abnormal_record_types,
    record_types {type: {extract_date, status, baseline_nights, tonight
    {figure: value}, baseline_median {figure: value}}}. Counts, shares and
    days only."""
    md = plain_metadata(metadata)
    abnormal = list(md.get("abnormal_record_types") or [])
    per_type = _mapping(md.get("record_types"))
    names = ", ".join(safe(t).replace("_", " ") for t in abnormal)
    title = "Recording lag abnormal: " + (names or "?")
    lines = []
    for name in abnormal:
        lines += _record_type_lines(name, _mapping(per_type.get(name, {})))
    waiting = md.get("record_types_without_baseline") or []
    if waiting:
        lines.append(
            "Not judged yet (baseline still forming): "
            + ", ".join(safe(t).replace("_", " ") for t in waiting)
        )
    lines.append(
        "Recording has slowed or stopped for these records: the latest figures that use "
        "them will rise when recording catches up. The run went on."
    )
    link = run_url(ui_base_url, run_id) if run_id else None
    return alert_message("lag_warning", title, lines, link, ":warning:")
