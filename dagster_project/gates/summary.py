"""What a failed gate says, in the shape an alert needs.

Belongs here: reading a gate check's metadata (from an AssetCheckResult, an
AssetCheckEvaluation, or a plain dict) back into plain rows. The metadata
keys are a contract with the alerts: `source`, `table`, `file`,
`failed_rules` (list of {rule, column, rows, first_rows, why}; `rows` is a
count), `rows_quarantined`, `rows_read`; and for the lag check
`abnormal_record_types`, `record_types_without_baseline`, `record_types`
(figures per record type: counts, shares, days). None of them holds a value
from the data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


def gate_failure_summary(result: Any) -> list[dict]:
    """One row per failed rule: source, table, file, rule, column, rows.

    `result`: an AssetCheckResult, an AssetCheckEvaluation or its metadata.
    """
    metadata = result if isinstance(result, Mapping) else getattr(result, "metadata", {}) or {}
    md = {k: _plain(v) for k, v in metadata.items()}
    base = {"source": md.get("source"), "table": md.get("table"), "file": md.get("file")}
    return [
        {
            **base,
            "rule": r.get("rule"),
            "column": r.get("column"),
            "rows": r.get("rows"),
            "first_rows": r.get("first_rows", []),
        }
        for r in md.get("failed_rules") or []
    ]
