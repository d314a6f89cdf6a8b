"""The recorded-at and event dates each lagging record type holds on a night, in memory.

What belongs here: the rows of a record type as its source would drop them
on an extract night (the same snapshot the writers use), reduced to the two
columns the lag gate measures: `event_date` and `recorded_at`. It lets a
script or a test replay hundreds of nights through the lag gate's own
functions without writing and ingesting hundreds of extracts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from contract import load_contract
from simulator.backlog import ASSESSMENT_TYPES
from simulator.config import BACKLOG_RECORD_TYPES
from simulator.dates import NONE
from simulator.lag import NEVER
from simulator.truth import Truth
from simulator.writers import snapshot

# record type -> (event date column, recorded-at column); episodes measure
# their last change (the closure once ended), as the lag gate does
EVENT_COLUMNS = {
    "health_assessments": ("ASSESSMENT_DATE", "RECORDED_AT"),
    "dental_checks": ("ASSESSMENT_DATE", "RECORDED_AT"),
    "initial_health_assessments": ("ASSESSMENT_DATE", "RECORDED_AT"),
    "reviews": ("REVIEW", "RECORDED_AT"),
    "visits": ("VISIT_DATE", "RECORDED_AT"),
    "peps": ("pep_date", "recorded_at"),
    "episodes": ("DECOM", "RECORDED_AT"),
}


def record_frames(truth: Truth, night: int, record_types=tuple(EVENT_COLUMNS)) -> dict:
    """{record type: DataFrame(event_date, recorded_at)} as held at the end of `night`."""
    contract = load_contract()
    snaps: dict[tuple[str, str], pd.DataFrame] = {}
    out = {}
    for name in record_types:
        key = BACKLOG_RECORD_TYPES[name]
        if key not in snaps:
            table = contract.source(key[0]).table(key[1])
            snaps[key] = snapshot(truth.records[key], night, table)
        df = snaps[key]
        if name in ASSESSMENT_TYPES:
            df = df[df["ASSESSMENT_TYPE"] == ASSESSMENT_TYPES[name]]
        event_col, rec_col = EVENT_COLUMNS[name]
        event = df[event_col].to_numpy(np.int64)
        if name == "episodes":
            dec = df["DEC"].to_numpy(np.int64)
            event = np.where(dec != NONE, dec, event)
        rec = df[rec_col].to_numpy(np.int64)
        ok = (event != NONE) & (rec < NEVER)
        out[name] = pd.DataFrame(
            {
                "event_date": event[ok].astype("datetime64[D]"),
                "recorded_at": rec[ok].astype("datetime64[s]"),
            }
        )
    return out
