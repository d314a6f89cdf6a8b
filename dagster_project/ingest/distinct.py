"""A column converted once per distinct value, then spread over the rows.

Belongs here: the one helper for the per-row conversions ingest and its
gates run on every row of every table, every night, on columns that repeat
their values (dates, a child's id on each of its rows). Converting the
distinct values and taking the results back by position gives the same
column as converting every row, for a fraction of the work.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd


def per_distinct(values: pd.Series, convert: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`convert` applied to each distinct non-missing value once; missing values come
    out as None (an object result) or NaT. `convert` gets and returns a Series."""
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
