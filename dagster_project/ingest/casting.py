"""Type the rows a gate accepted, as the contract says.

Belongs here: string -> date / timestamp / integer / boolean conversion with
the source's formats, and the recording-lag summary that needs typed dates.
It runs after the gate, on rows the gate found valid, so a value that does
not convert here is a gap in the suite, and it raises rather than guesses.
"""

from __future__ import annotations

import pandas as pd

from contract import Table, load_contract
from dagster_project.gates.build_suites import ROW_NUMBER

TRUE_VALUES = {"1", "true", "TRUE", "True", "Y"}
FALSE_VALUES = {"0", "false", "FALSE", "False", "N"}


def cast_frame(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """The contract-typed frame: one column per contract column, plus `_row_number`."""
    source = load_contract().source(table.source)
    out = pd.DataFrame(index=frame.index)
    for col in table.columns:
        s = frame[col.name]
        if col.type == "date":
            out[col.name] = pd.to_datetime(s, format=source.date_format, errors="raise").dt.date
            out[col.name] = out[col.name].astype(object).where(s.notna(), None)
        elif col.type == "datetime":
            out[col.name] = pd.to_datetime(s, format=source.datetime_format, errors="raise")
        elif col.type == "integer":
            out[col.name] = pd.to_numeric(s, errors="raise").astype("Int64")
        elif col.type == "boolean":
            unknown = s.notna() & ~s.isin(TRUE_VALUES | FALSE_VALUES)
            if unknown.any():
                raise ValueError(f"{table.qualified_name}.{col.name}: unconverted boolean")
            out[col.name] = s.map(lambda v: None if v is None else v in TRUE_VALUES).astype(
                "boolean"
            )
        else:
            out[col.name] = s.astype(object).where(s.notna(), None)
    out[ROW_NUMBER] = frame[ROW_NUMBER].astype("int64")
    return out


def recording_lag_summary(table: Table, typed: pd.DataFrame) -> dict[str, dict]:
    """Median and 90th percentile days from each `lag_of` date to its recorded-at.

    Counts and percentiles only: nothing here names a row.
    """
    summary = {}
    for col in table.columns:
        if not col.lag_of:
            continue
        recorded = pd.to_datetime(typed[col.name])
        event = pd.to_datetime(typed[col.lag_of])
        days = ((recorded - event).dt.total_seconds() / 86400).dropna()
        if days.empty:
            summary[f"{col.name} - {col.lag_of}"] = {"n": 0}
            continue
        summary[f"{col.name} - {col.lag_of}"] = {
            "n": int(days.size),
            "median_days": round(float(days.median()), 1),
            "p90_days": round(float(days.quantile(0.9)), 1),
        }
    return summary
