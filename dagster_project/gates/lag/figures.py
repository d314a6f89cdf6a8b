"""Tonight's recording-lag figures of one record type, from its records.

Counts, shares and whole days only: no child id or date leaves here.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

# Why 20 working days: it is the statutory timescale for an initial health
# assessment and the first review, and about one calendar month, i.e. one
# monthly reporting cycle: a record typed in later misses the month-end
# figure that should count it (the re-run restatements the papers complain
# about). Working days ignore bank holidays (at most two days' difference in
# any month), as in the dbt macro add_working_days.
RECORDING_DUE_WORKING_DAYS = 20

# Why 7 days for the volume: a week evens out the weekday/weekend rhythm of
# recording, and a record type that stops reaching the case system shows as
# a falling weekly count from the first night, reaching nothing within the
# 7 nights the issue allows for detection.
VOLUME_WINDOW_DAYS = 7

# Why 28 days for the lag distribution: four weeks of recording hold enough
# records of the rarer types (about 15 initial health assessments, 25
# episodes) for a median and a 90th percentile, and a catch-up burst of long
# lags stays visible for a month after a backlog is cleared.
LAG_WINDOW_DAYS = 28

FIGURES = (
    "n_recorded_7d",
    "n_recorded_28d",
    "median_lag_days",
    "p90_lag_days",
    "share_within_20wd",
    "working_days_since_last",
)


def _working_days_since_last(recorded_days: pd.Series, as_of: dt.date) -> int:
    """Working days (Monday-Friday) after the last record's day, up to and including `as_of`.

    With no record in the lag window: every working day of the window, so a
    record type silent for four weeks reads as at least that long.
    """
    end = np.datetime64(as_of + dt.timedelta(days=1), "D")
    if recorded_days.empty:
        start = np.datetime64(as_of - dt.timedelta(days=LAG_WINDOW_DAYS - 1), "D")
        return int(np.busday_count(start, end))
    last = recorded_days.max().to_datetime64().astype("datetime64[D]")
    return int(np.busday_count(last + np.timedelta64(1, "D"), end))


def lag_figures(records: pd.DataFrame, as_of: dt.date) -> dict[str, float | int | None]:
    """The recording-lag figures of one record type as held on `as_of`.

    `records`: event_date, recorded_at (one row per record in the extract).
    Volume: records recorded in the last 7 days, and the working days since
    the last one. Lag distribution: records recorded in the last 28 days, lag
    in whole calendar days from the event to the day it was recorded; share
    recorded within 20 working days.
    """
    as_of_end = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    event = pd.to_datetime(records["event_date"]).dt.normalize()
    recorded_at = pd.to_datetime(records["recorded_at"])
    ok = event.notna() & recorded_at.notna() & (recorded_at < as_of_end) & (event < as_of_end)
    event, recorded_at = event[ok], recorded_at[ok]
    since_7 = as_of_end - pd.Timedelta(days=VOLUME_WINDOW_DAYS)
    since_28 = as_of_end - pd.Timedelta(days=LAG_WINDOW_DAYS)
    recent = recorded_at >= since_28
    event, day = event[recent], recorded_at[recent].dt.normalize()
    n28 = int(recent.sum())
    figures: dict[str, float | int | None] = {
        "n_recorded_7d": int((recorded_at >= since_7).sum()),
        "n_recorded_28d": n28,
        "median_lag_days": None,
        "p90_lag_days": None,
        "share_within_20wd": None,
        "working_days_since_last": _working_days_since_last(day, as_of),
    }
    if n28 == 0:
        return figures
    lag_days = (day - event).dt.days.clip(lower=0).to_numpy()
    due = np.busday_offset(
        event.to_numpy().astype("datetime64[D]"), RECORDING_DUE_WORKING_DAYS, roll="forward"
    )
    in_time = day.to_numpy().astype("datetime64[D]") <= due
    figures["median_lag_days"] = float(np.median(lag_days))
    figures["p90_lag_days"] = float(np.percentile(lag_days, 90))
    figures["share_within_20wd"] = round(float(in_time.mean()), 4)
    return figures
