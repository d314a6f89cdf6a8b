"""The independent indicators against a published warehouse, number for number.

Compares, for every council, indicator and month end the pandas
implementation gives, its numerator and denominator with the warehouse's
`marts.indicator_values` month row. A row either side lacks counts as a
difference, so a missing month or council cannot pass unnoticed.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from scripts.national.independent_indicators import INDICATORS, council_indicators
from scripts.national.landing import council_folders, read_council

KEYS = ["la_code", "indicator_id", "period_end"]


@dataclass
class Comparison:
    rows: int  # (council, indicator, month) rows either side
    differences: pd.DataFrame  # rows missing on one side or with another number

    @property
    def differing(self) -> int:
        return len(self.differences)


def independent_values(
    landing: Path,
    la_code: str = "999",
    as_of: dt.date | None = None,
    seconds: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Every council's rows under `landing` (one council's layout takes `la_code`).
    `seconds`, if given, receives the wall time spent reading files and computing."""
    frames, spent = [], {"read": 0.0, "compute": 0.0}
    for code, folder in council_folders(Path(landing), la_code).items():
        started = time.perf_counter()
        council = read_council(folder, code, as_of)
        read = time.perf_counter()
        frames.append(council_indicators(council))
        spent["read"] += read - started
        spent["compute"] += time.perf_counter() - read
    if seconds is not None:
        seconds.update(spent)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=KEYS)


def warehouse_values(warehouse: Path) -> pd.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        frame = con.execute(
            """
            select la_code, indicator_id, period_end, numerator, denominator
            from marts.indicator_values
            where period_type = 'month' and indicator_id in (select unnest(?))
            """,
            [list(INDICATORS)],
        ).df()
    frame["period_end"] = pd.to_datetime(frame["period_end"]).dt.date
    return frame


def compare(ours: pd.DataFrame, theirs: pd.DataFrame) -> Comparison:
    both = ours.merge(theirs, on=KEYS, how="outer", suffixes=("_pandas", "_warehouse"))
    differs = pd.Series(False, index=both.index)
    for column in ("numerator", "denominator"):
        a, b = both[f"{column}_pandas"], both[f"{column}_warehouse"]
        # Counts and populations are whole numbers: exact equality, nulls equal.
        differs |= ~((a == b) | (a.isna() & b.isna()))
    return Comparison(rows=len(both), differences=both[differs].reset_index(drop=True))
