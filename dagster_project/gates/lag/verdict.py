"""Tonight's figures of one record type against its baseline: normal, abnormal or not judged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dagster_project.gates.lag.baseline import baseline_for, beyond, column
from dagster_project.gates.lag.rules import (
    ABNORMAL,
    MIN_BASELINE_NIGHTS,
    MIN_RECORDS_FOR_LAG,
    MIN_SEASON_NIGHTS,
    NO_BASELINE,
    NORMAL,
    REPORTED_ONLY,
    RULES,
)
from dagster_project.gates.lag.stops import stop_reasons


@dataclass
class Judgement:
    record_type: str
    extract_date: dt.date | None
    status: str
    figures: dict[str, float | int | None]
    baseline_nights: int
    baseline: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    def metadata(self) -> dict:
        """Counts, shares and days only."""
        return {
            "extract_date": self.extract_date.isoformat() if self.extract_date else None,
            "status": self.status,
            "baseline_nights": self.baseline_nights,
            "tonight": self.figures,
            "baseline_median": self.baseline,
            "reasons": self.reasons,
        }


def judge(
    record_type: str,
    tonight: Mapping[str, float | int | None],
    history: pd.DataFrame,
    extract_date: dt.date | None = None,
) -> Judgement:
    """Tonight's figures against the trailing baseline of the same record type.

    `history`: earlier nights' figures of this record type (columns FIGURES,
    `status` and, for the seasonal reference, `extract_date`), oldest first.
    Nights judged abnormal are left out of the baseline, so a backlog does
    not become normal while it lasts; the last BASELINE_NIGHTS of the rest
    are the baseline. Where a year of history is kept, the same weeks last
    year must agree (see rules.SEASON_LAG_DAYS).
    """
    base = baseline_for(history, extract_date)
    j = Judgement(record_type, extract_date, NORMAL, dict(tonight), len(base.usable))
    if len(base.usable) < MIN_BASELINE_NIGHTS:
        j.status = NO_BASELINE
        j.reasons.append(
            f"{len(base.usable)} of the {MIN_BASELINE_NIGHTS} nights of baseline needed: not judged"
        )
        return j
    j.reasons += stop_reasons(record_type, tonight, base, extract_date)
    lag_judged = (tonight.get("n_recorded_28d") or 0) >= MIN_RECORDS_FOR_LAG
    for rule in RULES:
        value = tonight.get(rule.name)
        if value is None or (rule.name != "n_recorded_7d" and not lag_judged):
            continue
        past = column(base.usable, rule.name)
        if len(past) < MIN_BASELINE_NIGHTS:
            continue
        median = float(np.median(past))
        j.baseline[rule.name] = round(median, 4)
        abnormal = beyond(float(value), past, rule, tonight)
        if abnormal and base.season is not None:
            last_year = column(base.season, rule.name)
            if len(last_year) >= MIN_SEASON_NIGHTS:
                # last year's level, with the spread of the recent nights
                shifted = past - median + float(np.median(last_year))
                abnormal = beyond(float(value), shifted, rule, tonight)
        if abnormal:
            j.reasons.append(f"{rule.name} {value} against a baseline median of {median:g}")
    for name in REPORTED_ONLY:
        past = column(base.usable, name)
        if len(past):
            j.baseline[name] = round(float(np.median(past)), 4)
    if j.reasons:
        j.status = ABNORMAL
    return j
