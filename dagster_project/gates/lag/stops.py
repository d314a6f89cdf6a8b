"""Recording that stopped: judged on counts against chance, not on a spread.

A backlog that stops a record type reaching its system shows first as
nothing recorded. Three rules, each for the record types it has the power
for (see rules.py for the numbers): the weekly count collapsing against a
usual week of at least 7, a sudden stop against the week before, and, for
the rarer types, too many working days since the last record.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from dagster_project.gates.lag.baseline import Baseline, column, usual, week_before
from dagster_project.gates.lag.figures import LAG_WINDOW_DAYS
from dagster_project.gates.lag.rules import (
    COLLAPSE_MIN_WEEKLY,
    COLLAPSE_SHARE,
    SILENCE_LIMIT,
    SUDDEN_STOP_MIN_WEEKLY,
    TERM_TIME_RECORD_TYPES,
    WORKING_DAYS_A_WEEK,
)


def stop_reasons(record_type: str, tonight: Mapping, baseline: Baseline, extract_date) -> list[str]:
    """Why tonight looks like recording that stopped; empty when it does not."""
    recent = tonight.get("n_recorded_7d") or 0
    week = usual(baseline)
    if week >= COLLAPSE_MIN_WEEKLY:
        if recent <= COLLAPSE_SHARE * week:
            return [f"n_recorded_7d {recent} against a usual week of {week:g}: recording stopped"]
    elif (
        record_type not in TERM_TIME_RECORD_TYPES
        and usual(baseline, pick=max) < COLLAPSE_MIN_WEEKLY
    ):
        reason = _silence(tonight, baseline)
        if reason:
            return [reason]
    before = week_before(baseline.history, extract_date)
    last_year = (
        usual(Baseline(baseline.history, baseline.season, None))
        if baseline.season is not None
        else float("inf")
    )
    if (
        before is not None
        and before >= SUDDEN_STOP_MIN_WEEKLY
        and recent <= COLLAPSE_SHARE * before
        # a week after a catch-up burst is lower still: last year says what is usual
        and recent <= COLLAPSE_SHARE * last_year
    ):
        return [f"n_recorded_7d {recent} against {before:g} the week before: recording stopped"]
    return []


def _silence(tonight: Mapping, baseline: Baseline) -> str | None:
    """A rare record type (under 7 a week both lately and in the same weeks last
    year) without a record for longer than chance allows at its usual rate."""
    silent = tonight.get("working_days_since_last")
    if silent is None:
        return None
    # the rate from four weeks' count (a median of weekly counts of 2-4
    # moves the limit by days) of the trailing nights: the lower of them and
    # last year's would make the limit a day or two longer for nothing, as
    # the rule leaves the seasonal types out
    recent_28d = float(np.median(column(baseline.usable, "n_recorded_28d")))
    per_week = recent_28d * 7 / LAG_WINDOW_DAYS
    missed = silent * per_week / WORKING_DAYS_A_WEEK
    if missed < SILENCE_LIMIT:
        return None
    if baseline.season is not None:
        last_year = column(baseline.season, "working_days_since_last")
        # as silent as these weeks usually were last year: a season (a
        # school holiday), not a stop
        if len(last_year) and float(np.median(last_year)) >= silent:
            return None
    return (
        f"working_days_since_last {silent} against {per_week:.1f} a week "
        f"(by chance {math.exp(-missed):.1%}): recording stopped"
    )
