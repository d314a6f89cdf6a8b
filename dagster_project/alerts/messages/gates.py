"""Messages about a blocking gate that rejected (or quarantined from) an extract."""

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
)

# Row numbers shown per rule: enough for an engineer to see the pattern in
# the file; the full list is in the raw history's _quarantine table.
FIRST_ROWS_SHOWN = 5

# Rules listed per message, largest first: ten lines keep the message inside
# Slack's section limit with each rule's reason, and a drop failing more
# than ten rules is broken as a whole (the count of the rest is given).
RULES_SHOWN = 10


def _rule_line(rule: Any) -> str:
    rule = plain(rule)
    if not isinstance(rule, Mapping):
        return f"• {safe(rule)}"
    column, rows = rule.get("column"), rule.get("rows")
    line = f"• {safe(rule.get('rule'))}"
    line += f" on {safe(column)}" if column else ""
    line += f": {count_text(rows)} rows" if rows is not None else ""
    # Row numbers in the file, not values: they let an engineer find the pattern.
    first_rows = list(rule.get("first_rows") or [])
    if first_rows:
        shown = ", ".join(count_text(r) for r in first_rows[:FIRST_ROWS_SHOWN])
        more = ", …" if len(first_rows) > FIRST_ROWS_SHOWN else ""
        line += f" (file rows {shown}{more})"
    if rule.get("why"):
        line += f" — {safe(rule['why'])[:200]}"
    return line


def _rows_failed(rule: Any) -> float:
    """A rule's failing rows, for ordering; a rule without a count sorts last."""
    rule = plain(rule)
    try:
        return float(rule.get("rows")) if isinstance(rule, Mapping) else -1.0
    except (TypeError, ValueError):
        return -1.0


def rule_lines(failed_rules: Any) -> list[str]:
    """One line per failed rule, the rules failing the most rows first.

    Largest first whatever order the gate gives them in, so an old five-row
    defect never hides a new one failing 991 rows; rules with the same count
    keep the gate's order.
    """
    rules = sorted(plain(failed_rules) or [], key=_rows_failed, reverse=True)
    lines = [_rule_line(rule) for rule in rules[:RULES_SHOWN]]
    if len(rules) > RULES_SHOWN:
        lines.append(f"…and {len(rules) - RULES_SHOWN} more failed rules")
    return lines


def gate_failure_message(
    metadata: Mapping[str, Any], *, run_id: str | None, ui_base_url: str
) -> AlertMessage:
    """A blocking gate failed: the extract is held back and downstream is blocked.

    `metadata` is the gate's AssetCheckResult metadata: source, table, file,
    failed_rules [{rule, column, rows}], rows_quarantined (rows dropped),
    rows_read, and fields_nulled where given.
    """
    md = plain_metadata(metadata)
    source, table = safe(md.get("source")), safe(md.get("table"))
    extract_date = iso_date(md.get("extract_date"))
    # A newer drop of the same run was accepted (ingest moved on): nothing is blocked.
    newer = iso_date(md.get("newer_drop_accepted"))
    title = f"Gate failed: {source}.{table} " + (
        f"drop {extract_date} rejected" if newer else "blocked"
    )
    lines = [
        f"*Source:* {source}   *Table:* {table}"
        + (f"   *Extract:* {extract_date}" if extract_date else ""),
        f"*File:* {safe(md.get('file'))}",
        f"*Rows dropped:* {count_text(md.get('rows_quarantined'))}"
        f" of {count_text(md.get('rows_read'))} read"
        + (
            f"   *Fields nulled in rows kept:* {count_text(md['fields_nulled'])}"
            if md.get("fields_nulled")
            else ""
        ),
        "*Failed rules:*",
        *(rule_lines(md.get("failed_rules")) or ["• (not given)"]),
        *([f"*Reason:* {safe(md['reason'])[:300]}"] if md.get("reason") else []),
        f"A newer drop ({newer}) was accepted in the same run and replaces it whole."
        if newer
        else "Everything downstream of this source keeps its last good data until a clean"
        " extract arrives.",
    ]
    link = run_url(ui_base_url, run_id) if run_id else None
    return alert_message("gate_failure", title, lines, link, ":no_entry:")
