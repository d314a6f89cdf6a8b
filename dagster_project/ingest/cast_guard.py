"""A value the gate let through but that will not type rejects the drop, located.

Belongs here: turning `casting.CastError` (a column, no row) into a
`StructuralError` naming file, sheet, row and column, so the drop is
recorded as rejected and the next drop is not held up by it. A 23-digit
count or a `10**20` cell passes a digits-only rule but overflows a 64-bit
integer; such a value is a fault of the export, not a row to guess at.

The row is found by bisection over the rows: casting is all-or-nothing per
column, so the first prefix of rows that fails ends at the first bad row
(about 15 casts for 30,000 rows, and only on a drop that is being rejected).
"""

from __future__ import annotations

import pandas as pd

from contract import Table
from dagster_project.gates.build_suites import ROW_NUMBER
from dagster_project.ingest.casting import CastError, cast_frame
from dagster_project.ingest.errors import StructuralError


def _fails(table: Table, frame: pd.DataFrame) -> CastError | None:
    try:
        cast_frame(table, frame)
    except CastError as error:
        return error
    return None


def _column_of(table: Table, error: CastError) -> str | None:
    # CastError says "<table>.<column>: ..."; the column is the contract's.
    head = str(error).split(":", 1)[0]
    for name in table.column_names:
        if head == f"{table.qualified_name}.{name}":
            return name
    return None


def cast_located(table: Table, frame: pd.DataFrame, location: str, row_label: str):
    """The typed frame, or StructuralError at the first value that will not type."""
    try:
        return cast_frame(table, frame)
    except CastError as failed:
        error = failed
    low, high = 0, len(frame)  # rows [:low] cast; rows [:high] do not
    while high - low > 1:
        middle = (low + high) // 2
        if _fails(table, frame.iloc[:middle]) is None:
            low = middle
        else:
            high = middle
    bad = frame.iloc[high - 1 : high]
    column = _column_of(table, _fails(table, bad) or error)
    types = {c.name: c.type for c in table.columns}
    raise StructuralError(
        location,
        "uncastable_value",
        f"a value does not convert to {types.get(column, 'its contract type')} "
        "(too large, or not of the type the contract says)",
        row=int(bad[ROW_NUMBER].iloc[0]),
        column=column,
        row_label=row_label,
        table=table.name,
    )
