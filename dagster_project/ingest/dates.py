"""Dates converted once per distinct value, then spread over the rows.

Belongs here: the conversions from text (or date objects) to dates that
ingest and its gates run on every row of every table, every night. A night's
table holds each date many times (the default LA's 54,391 visits share 2,789
visit dates), and pandas parses a non-ISO format such as `%d/%m/%Y` value by
value, without its cache: converting the distinct values and taking them back
by position is about ten times faster, with the same result, including
which value raises.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd


def _per_distinct(values: pd.Series, convert: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`convert` applied to each distinct non-missing value once; missing stays missing."""
    codes, distinct = pd.factorize(values)  # missing values get code -1
    converted = convert(pd.Series(distinct, dtype=object))
    if converted.dtype == object:
        missing = pd.Series([None], dtype=object)
    else:
        missing = pd.Series([pd.NaT], dtype=converted.dtype)
    # The missing marker goes last, so code -1 takes it.
    table = pd.concat([converted.reset_index(drop=True), missing], ignore_index=True)
    taken = table.to_numpy()[codes]
    return pd.Series(taken, index=values.index, name=values.name, dtype=converted.dtype)


def parse_timestamps(text: pd.Series, fmt: str, errors: str = "raise") -> pd.Series:
    """`pd.to_datetime(text, format=fmt, errors=errors)`, parsed per distinct text."""
    return _per_distinct(text, lambda d: pd.to_datetime(d, format=fmt, errors=errors))


def parse_dates(text: pd.Series, fmt: str, errors: str = "raise") -> pd.Series:
    """Python dates (object column) from text; None where the text is missing
    (or, with errors="coerce", does not parse)."""

    def to_dates(distinct: pd.Series) -> pd.Series:
        parsed = pd.to_datetime(distinct, format=fmt, errors=errors)
        return parsed.dt.date.astype(object).where(parsed.notna(), None)

    return _per_distinct(text, to_dates)


def as_timestamps(values: pd.Series) -> pd.Series:
    """`pd.to_datetime(values)` for a typed column (timestamps, or Python dates)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    return _per_distinct(values, pd.to_datetime)
