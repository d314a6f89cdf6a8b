"""What of an accepted table is kept: rows, nulled fields, and whose rows had findings.

Belongs here: applying a gate verdict to the read frame before it is typed,
and the child ids of rows with findings (for `_quarantine` only).
"""

from __future__ import annotations

import pandas as pd

from dagster_project.gates.build_suites import ROW_NUMBER
from dagster_project.gates.runner import Verdict
from dagster_project.ingest.casting import normalise_ids
from dagster_project.ingest.reading import ReadTable


def kept_rows(frame: pd.DataFrame, verdict: Verdict) -> pd.DataFrame:
    """The read frame (or a chunk of its rows) less the dropped rows, nulled fields null."""
    kept = frame[~frame[ROW_NUMBER].isin(verdict.quarantined_rows)].copy()
    rows_by_column: dict[str, set[int]] = {}
    for row, columns in verdict.nulled_fields.items():
        for column in columns:
            rows_by_column.setdefault(column, set()).add(row)
    for column, rows in rows_by_column.items():
        kept.loc[kept[ROW_NUMBER].isin(rows), column] = None
    return kept


def child_ids_of(read: ReadTable, rows: set[int]) -> dict[int, str | None]:
    """Row number -> the child's id, trimmed as staging has it, for rows with findings.

    Only for the raw history's `_quarantine` (never published) and the
    restricted list: the people who correct records need to find the child,
    and dbt counts the children affected by joining on the same trimmed id.
    """
    column = read.table.child_id_column
    if column is None or not rows:
        return {}
    sub = normalise_ids(read.table, read.frame[read.frame[ROW_NUMBER].isin(rows)])
    return {
        int(n): (None if v is None or pd.isna(v) else str(v))
        for n, v in zip(sub[ROW_NUMBER], sub[column], strict=True)
    }
