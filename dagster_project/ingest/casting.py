"""Type the rows a gate accepted, as the contract says.

Belongs here: string -> date / timestamp / integer / boolean conversion with
the source's formats, the one normalisation of identifiers (`normalise_ids`,
which the gate applies too, so it judges the ids that will be stored), and
the recording-lag summary that needs typed dates.
It runs after the gate, on rows the gate found valid, so a value that does
not convert here is a gap in the suite, and it raises rather than guesses.
"""

from __future__ import annotations

import pandas as pd

from contract import Table, load_contract
from dagster_project.gates.build_suites import ROW_NUMBER
from dagster_project.ingest.dates import as_timestamps, parse_dates, parse_timestamps

TRUE_VALUES = {"1", "true", "TRUE", "True", "Y"}
FALSE_VALUES = {"0", "false", "FALSE", "False", "N"}


def normalise_ids(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its identifier columns stripped of surrounding whitespace.

    A case system pads or a spreadsheet keeps a stray space, and "123 " then
    joins to nothing: a trailing space on 1.5% of child ids moved reviews in
    timescale (issue 15). An id that is only whitespace becomes blank, which
    the mandatory rule catches. Case and inner characters are kept: ids that
    differ there may be different children.
    """
    out = frame.copy()
    for col in table.columns:
        if col.identifies and col.type == "string" and col.name in out.columns:
            out[col.name] = out[col.name].map(_stripped, na_action="ignore")
    return out


def _stripped(value: str) -> str | None:
    return value.strip() or None


def cast_frame(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """The contract-typed frame: one column per contract column, plus `_row_number`."""
    source = load_contract().source(table.source)
    frame = normalise_ids(table, frame)
    out = pd.DataFrame(index=frame.index)
    for col in table.columns:
        try:
            out[col.name] = _cast_column(frame[col.name], col.type, source, table, col.name)
        except (ValueError, TypeError, OverflowError):
            # `from None`: pandas' message quotes the value, which may be a
            # child's date of birth; say where, not what.
            raise CastError(
                f"{table.qualified_name}.{col.name}: a value the gate accepted does not "
                f"convert to {col.type}; the suite is missing a rule"
            ) from None
    out[ROW_NUMBER] = frame[ROW_NUMBER].astype("int64")
    return out


class CastError(Exception):
    """A gated value would not type: a gap in the suite, never guessed around."""


def _cast_column(s: pd.Series, col_type: str, source, table: Table, name: str) -> pd.Series:
    if col_type == "date":
        return parse_dates(s, source.date_format)
    if col_type == "datetime":
        return parse_timestamps(s, source.datetime_format)
    if col_type == "integer":
        return pd.to_numeric(s, errors="raise").astype("Int64")
    if col_type == "boolean":
        if (s.notna() & ~s.isin(TRUE_VALUES | FALSE_VALUES)).any():
            raise ValueError(f"{table.qualified_name}.{name}: unconverted boolean")
        return s.map(lambda v: None if v is None else v in TRUE_VALUES).astype("boolean")
    return s.astype(object).where(s.notna(), None)


def lag_days(table: Table, typed: pd.DataFrame) -> dict[str, pd.Series]:
    """Each lag's days for the rows of `typed` (a table typed in chunks gives one per chunk)."""
    days: dict[str, pd.Series] = {}
    for col in table.columns:
        if col.lag_of:
            recorded = as_timestamps(typed[col.name])
            event = as_timestamps(typed[col.lag_of])
            days[f"{col.name} - {col.lag_of}"] = (recorded - event).dt.total_seconds() / 86400
    return days


def summarise_lag(table: Table, parts: list[dict[str, pd.Series]]) -> dict[str, dict]:
    """Median and 90th percentile days from each `lag_of` date to its recorded-at.

    From the table's chunks' `lag_days`, as if it were typed whole. Counts
    and percentiles only: nothing here names a row.
    """
    summary: dict[str, dict] = {}
    for col in table.columns:
        if not col.lag_of:
            continue
        key = f"{col.name} - {col.lag_of}"
        series = [part[key] for part in parts]
        days = (pd.concat(series) if series else pd.Series(dtype="float64")).dropna()
        if days.empty:
            summary[key] = {"n": 0}
            continue
        summary[key] = {
            "n": int(days.size),
            "median_days": round(float(days.median()), 1),
            "p90_days": round(float(days.quantile(0.9)), 1),
        }
    return summary
