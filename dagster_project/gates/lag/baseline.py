"""The past nights a record type's figures are judged against, and how far is too far.

The trailing baseline is the last BASELINE_NIGHTS nights not judged
abnormal; the seasonal reference is the same weeks last year (see
rules.SEASON_LAG_DAYS). A figure is beyond its baseline when its robust z
(median, MAD, with a floor for chance) passes rules.Z_LIMIT.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dagster_project.gates.lag.rules import (
    ABNORMAL,
    BASELINE_NIGHTS,
    MAD_TO_SD,
    MIN_SEASON_NIGHTS,
    SEASON_HALF_WIDTH_DAYS,
    SEASON_LAG_DAYS,
    Z_LIMIT,
    MetricRule,
)


@dataclass(frozen=True)
class Baseline:
    """The nights to judge tonight against: `usable` (trailing) and `season` (or None)."""

    history: pd.DataFrame
    usable: pd.DataFrame
    season: pd.DataFrame | None


def column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A figure's known values (none where the figure was not kept yet)."""
    if name not in frame.columns:
        return np.array([], dtype=float)
    return pd.to_numeric(frame[name], errors="coerce").dropna().to_numpy(float)


def _same_weeks_last_year(history: pd.DataFrame, as_of: dt.date | None) -> pd.DataFrame:
    if as_of is None or "extract_date" not in history.columns or history.empty:
        return history.iloc[0:0]
    centre = pd.Timestamp(as_of) - pd.Timedelta(days=SEASON_LAG_DAYS)
    dates = pd.to_datetime(history["extract_date"])
    near = (dates - centre).abs() <= pd.Timedelta(days=SEASON_HALF_WIDTH_DAYS)
    return history[near]


def baseline_for(history: pd.DataFrame, extract_date: dt.date | None) -> Baseline:
    """The nights before `extract_date`: the trailing normal ones, and last year's same weeks.

    Nights judged abnormal are left out of the trailing baseline, so a
    backlog does not become normal while it lasts. Of last year's same
    weeks: the normal nights among them; where all of them were judged
    abnormal (a season warned on in the first year), all of them, so that a
    season does not stay abnormal every year.
    """
    if extract_date is not None and "extract_date" in history.columns:
        history = history[pd.to_datetime(history["extract_date"]) < pd.Timestamp(extract_date)]
    usable = history[history["status"] != ABNORMAL].tail(BASELINE_NIGHTS)
    season = _same_weeks_last_year(history, extract_date)
    if (season["status"] != ABNORMAL).sum() >= MIN_SEASON_NIGHTS:
        season = season[season["status"] != ABNORMAL]
    return Baseline(history, usable, season if len(season) >= MIN_SEASON_NIGHTS else None)


def usual(baseline: Baseline, name: str = "n_recorded_7d", pick=min) -> float:
    """The usual value of a count: the lower (or `pick`) of the trailing and last year's medians."""
    values = [float(np.median(column(baseline.usable, name)))]
    if baseline.season is not None:
        values.append(float(np.median(column(baseline.season, name))))
    return pick(values)


def week_before(history: pd.DataFrame, as_of: dt.date | None) -> float | None:
    """The weekly count measured 7 days before (6-8 days for a late or early drop)."""
    if as_of is None or "extract_date" not in history.columns or history.empty:
        return None
    dates = pd.to_datetime(history["extract_date"])
    days = (pd.Timestamp(as_of) - dates).dt.days
    near = history[(days >= 6) & (days <= 8)]
    counts = column(near, "n_recorded_7d")
    return float(counts[-1]) if len(counts) else None


def _spread(history: np.ndarray, median: float, rule: MetricRule, tonight: Mapping) -> float:
    floor = max(rule.floor, rule.relative * abs(median))
    if rule.noise == "poisson":
        floor = max(floor, float(np.sqrt(max(median, 0.0))))
    if rule.noise == "binomial":
        n = max(int(tonight.get("n_recorded_28d") or 0), 1)
        floor = max(floor, float(np.sqrt(median * (1 - median) / n)))
    return max(MAD_TO_SD * float(np.median(np.abs(history - median))), floor)


def beyond(value: float, history: np.ndarray, rule: MetricRule, tonight: Mapping) -> bool:
    """Is `value` more than Z_LIMIT robust standard deviations on the bad side?"""
    median = float(np.median(history))
    z = (value - median) / _spread(history, median, rule, tonight)
    return z < -Z_LIMIT if rule.bad == "low" else z > Z_LIMIT
