"""Nightly snapshots: later extracts hold more, and changed rows carry a later RECORDED_AT."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from simulator.config import Options
from simulator.la import run_la

EARLY, LATE = dt.date(2024, 1, 31), dt.date(2024, 3, 31)


def test_later_night_holds_more_and_closures_are_restamped(tmp_path):
    opts = Options(population=8000, start=dt.date(2023, 4, 1), end=LATE, nights=(EARLY, LATE))
    run_la(opts, tmp_path)

    def read(night, file):
        path = tmp_path / "social_care" / night.isoformat() / file
        return pd.read_csv(path, dtype=str, keep_default_na=False)

    v1, v2 = read(EARLY, "visits.csv"), read(LATE, "visits.csv")
    assert set(v1["VISIT_ID"]) < set(v2["VISIT_ID"])
    # nothing in the early extract was recorded after that night
    stamps = pd.to_datetime(v1["RECORDED_AT"], format="%Y-%m-%dT%H:%M:%S")
    assert (stamps < pd.Timestamp(EARLY) + pd.Timedelta(days=1)).all()

    e1, e2 = read(EARLY, "episodes.csv"), read(LATE, "episodes.csv")
    both = e1.merge(e2, on=["CHILD", "DECOM"], suffixes=("_1", "_2"))
    closed_later = both[(both["DEC_1"] == "") & (both["DEC_2"] != "")]
    assert len(closed_later) > 0
    assert (closed_later["RECORDED_AT_2"] > closed_later["RECORDED_AT_1"]).all()
