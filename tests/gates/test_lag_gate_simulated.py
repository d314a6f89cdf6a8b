"""The lag gate on the simulator: a short run with one injected backlog is caught
within 7 nights, and the nights before it are quiet."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dagster_project.gates.lag import ABNORMAL, FIGURES, judge, lag_figures
from simulator.config import Backlog, Options
from simulator.dates import from_day, to_day
from simulator.replay import record_frames
from simulator.truth import simulate

# A small LA (6,000 children: about 14 visits recorded a week).
SMALL = {"population": 6000, "start": dt.date(2023, 4, 1), "end": dt.date(2024, 3, 31)}
BACKLOG = Backlog("visits", dt.date(2024, 2, 5), 3)


def test_a_visits_backlog_is_caught_within_a_week():
    truth = simulate(Options(backlogs=(BACKLOG,), **SMALL))
    assert truth.backlogs[0]["records_delayed"] > 20
    history = pd.DataFrame(columns=["extract_date", *FIGURES, "status"])
    statuses = {}
    first = to_day(BACKLOG.start) - 35
    for day in range(first, to_day(BACKLOG.start) + 10):
        night = from_day(day)
        figures = lag_figures(record_frames(truth, day, ["visits"])["visits"], night)
        j = judge("visits", figures, history, night)
        history.loc[len(history)] = {"extract_date": night, **figures, "status": j.status}
        statuses[night] = j.status
    before = [s for n, s in statuses.items() if n < BACKLOG.start]
    assert ABNORMAL not in before, before
    warned = [n for n, s in statuses.items() if n >= BACKLOG.start and s == ABNORMAL]
    assert warned and (warned[0] - BACKLOG.start).days <= 7, statuses
