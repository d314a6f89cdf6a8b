"""The data contract's row rules, applied to one CSV table as read, for the benchmark's pandas side.

The pipeline's gates quarantine the smallest thing (docs/data_contract.md):
a blank mandatory field, a code outside its list, a date that does not parse
(or is before 1900, or after the extract), or an end before its start drops
the row when the column identifies the row or an indicator needs it
(`required_by`), and otherwise sets only that field to null. A row sent twice
keeps its first copy; rows sharing a key but differing are all dropped.

Written here from that documentation and contract/contract.yaml (read as
data with yaml, not through the pipeline's contract package or its GX
suites), so that the independent implementation treats a defective extract
as the warehouse does.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

CONTRACT = Path(__file__).resolve().parents[2] / "contract" / "contract.yaml"
EARLIEST = pd.Timestamp("1900-01-01")
# Dates that may lie ahead (a planned end); every other date has happened.
MAY_BE_FUTURE = {"DUC", "END_DATE"}
# A recorded-at up to the end of the day after the extract is plausible
# (overnight extracts, drifting clocks): the gates allow two days.
RECORDED_AT_GRACE = pd.Timedelta(days=2)
# An end is not before its start (the contract's cross-field rules).
END_AFTER_START = {("social_care", "episodes"): [("DEC", "DECOM")]}


@cache
def contract() -> dict:
    return yaml.safe_load(CONTRACT.read_text())


def apply_row_rules(source: str, table: str, frame: pd.DataFrame, night: dt.date) -> pd.DataFrame:
    """`frame` (text, blanks as None) less the rows the gates drop, with nulled fields."""
    spec = contract()["sources"][source]
    columns = spec["tables"][table]["columns"]
    key = spec["tables"][table].get("key", [])
    code_lists = contract()["code_lists"]
    frame = frame.drop_duplicates(keep="first").reset_index(drop=True)
    drop = pd.Series(False, index=frame.index)
    for name, column in columns.items():
        if name not in frame.columns:
            continue
        values = frame[name]
        bad = values.isna() if column.get("mandatory") else pd.Series(False, index=frame.index)
        present = values.notna()
        if column["type"] == "code":
            bad |= present & ~values.isin(code_lists[column["codes"]])
        elif column["type"] in ("date", "datetime"):
            fmt = spec["date_format" if column["type"] == "date" else "datetime_format"]
            parsed = pd.to_datetime(values, format=fmt, errors="coerce")
            bad |= present & (parsed.isna() | (parsed < EARLIEST))
            if name not in MAY_BE_FUTURE:
                latest = pd.Timestamp(night)
                if column["type"] == "datetime":
                    latest += RECORDED_AT_GRACE
                bad |= parsed > latest
        needed = name in key or column.get("identifies") or column.get("required_by")
        if needed:
            drop |= bad
        else:
            frame.loc[bad, name] = None
    date_format = spec["date_format"]
    for end, start in END_AFTER_START.get((source, table), []):
        ends = pd.to_datetime(frame[end], format=date_format, errors="coerce")
        starts = pd.to_datetime(frame[start], format=date_format, errors="coerce")
        drop |= ends < starts
    if key:
        drop |= frame.duplicated(subset=key, keep=False)
    return frame[~drop].reset_index(drop=True)
