"""Recording backlogs: a record type stops reaching its system for weeks, then catches up.

What belongs here: pushing the recorded-at moments of the rows a backlog
holds back past its end (`--backlog`, config.Backlog), and the truth rows
that list each backlog (`_truth/backlogs.jsonl`), so the lag gate can be
scored against them (scripts/measure_lag_gate.py).

A backlog only moves recorded-at timestamps: what happened is unchanged,
so a month's figure falls while the backlog lasts and comes back once it
is cleared, as the papers' re-runs show. Each backlog draws from its own
random stream, so adding one leaves every other number of the run as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from simulator.config import BACKLOG_CATCH_UP_WORKING_DAYS, BACKLOG_RECORD_TYPES, Backlog
from simulator.dates import add_working_days, from_day, to_day
from simulator.lag import DAY, NEVER

# health assessment record types -> the case system's ASSESSMENT_TYPE
ASSESSMENT_TYPES = {
    "health_assessments": "RHA",
    "dental_checks": "DENTAL",
    "initial_health_assessments": "IHA",
}


def apply_backlogs(records: dict, backlogs: tuple[Backlog, ...], seed: int, la_code: str) -> list:
    """Delay the rows each backlog holds back; return one truth row per backlog."""
    truth = []
    for i, backlog in enumerate(backlogs):
        rt = records[BACKLOG_RECORD_TYPES[backlog.record_type]]
        df = rt.df
        rows = np.ones(len(df), dtype=bool)
        if backlog.record_type in ASSESSMENT_TYPES:
            rows = (df["ASSESSMENT_TYPE"] == ASSESSMENT_TYPES[backlog.record_type]).to_numpy()
        start_s = to_day(backlog.start) * DAY
        end_day = to_day(backlog.end)
        rng = np.random.default_rng([int(seed), int(la_code), 7_000 + i])
        # the row's first recording and each later change (an episode's closure)
        rec_cols = ["_rec", *(col for col, _ in rt.groups)]
        delayed = np.zeros(len(df), dtype=bool)
        for col in rec_cols:
            ts = df[col].to_numpy()
            held = rows & (ts >= start_s) & (ts < end_day * DAY) & (ts != NEVER)
            days = rng.integers(0, BACKLOG_CATCH_UP_WORKING_DAYS, size=len(df))
            catch_up = np.array([add_working_days(end_day, int(d)) for d in days[held]])
            new = ts.copy()
            new[held] = catch_up * DAY + rng.integers(8 * 3600, 18 * 3600, size=int(held.sum()))
            df[col] = new
            delayed |= held
        for col in rec_cols[1:]:
            # a later change is never recorded before the row itself
            later = df[col].to_numpy()
            first = df["_rec"].to_numpy()
            df[col] = np.where((later != NEVER) & (later < first), first + 60, later)
        last = add_working_days(end_day, BACKLOG_CATCH_UP_WORKING_DAYS - 1)
        truth.append(
            {
                "record_type": backlog.record_type,
                "source": BACKLOG_RECORD_TYPES[backlog.record_type][0],
                "table": BACKLOG_RECORD_TYPES[backlog.record_type][1],
                "start": backlog.start.isoformat(),
                "end": backlog.end.isoformat(),
                "weeks": backlog.weeks,
                "catch_up_last_day": _iso(last),
                "records_delayed": int(delayed.sum()),
            }
        )
    return truth


def _iso(day: int) -> str:
    return from_day(day).isoformat()


def write_backlog_truth(rows: list[dict], truth_dir: Path) -> Path:
    """`_truth/backlogs.jsonl`: one line per injected backlog (empty without any)."""
    truth_dir.mkdir(parents=True, exist_ok=True)
    path = truth_dir / "backlogs.jsonl"
    path.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows))
    return path
