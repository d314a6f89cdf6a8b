"""One row per record when several collection years overlap (cumulative files).

Councils send either per-year returns or cumulative ones, where each year's
episodes file repeats every earlier episode. Both read into tables with a
`collection_year` per row; this keeps, for each record (the table's natural
key, e.g. CHILD + DECOM for an episode), the row of the latest return that
holds it: a later return corrects an earlier one (a DEC filled in, a code
fixed), as the DfE's own year-on-year rules (502, 503A-J) expect.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.ssda903.layout import COLLECTION_YEAR, TABLES


def latest_records(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Each table with one row per natural key, taken from the latest collection year."""
    out = {}
    for name, frame in tables.items():
        key = list(TABLES[name].natural_key)
        ordered = frame.sort_values(COLLECTION_YEAR, kind="stable")
        out[name] = ordered.drop_duplicates(key, keep="last").sort_index()
    return out
