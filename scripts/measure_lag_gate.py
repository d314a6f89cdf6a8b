"""Measure the recording-lag gate on simulated nights with injected backlogs.

Simulates the default LA once with a dozen recording backlogs across record
types (simulator --backlog), then replays every night through the gate's
own functions (`lag_figures`, `judge`), as the nightly check would run them
on each extract: social care nightly, the Virtual School's PEPs on its
weekly drop nights. Prints:

- the quiet share on normal nights: nights when no backlog touches any
  record type (a backlog touches its type from its start until its catch-up
  has left the 28-day lag window), and per (night, record type);
- the detection delay of each backlog: nights from its start to the first
  warning for its record type (target: within 7);
- precision (warnings on a (night, type) a backlog touches, of all
  warnings) and recall (backlogs warned within 7 nights, of all injected).

    .venv/bin/python scripts/measure_lag_gate.py [--nights 800] [--seed 20261123]
    .venv/bin/python scripts/measure_lag_gate.py --without-backlogs   # quiet share alone
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import pandas as pd

from dagster_project.gates.lag import (
    ABNORMAL,
    FIGURES,
    LAG_WINDOW_DAYS,
    judge,
    lag_figures,
)
from simulator.config import Backlog, Options
from simulator.dates import from_day, to_day
from simulator.replay import EVENT_COLUMNS, record_frames
from simulator.truth import simulate

END = dt.date(2026, 10, 31)
# Why these: two or more backlogs for each record type, 2 to 4 weeks long
# (the papers' missed confirmations ran for weeks), spread over the year so
# that most nights are normal and both school terms and holidays are seen.
# PEP backlogs start in term time: in the holidays no PEP meetings happen, so
# a stopped recording process has nothing to hold back.
BACKLOGS = (
    Backlog("visits", dt.date(2024, 9, 2), 3),
    Backlog("health_assessments", dt.date(2024, 11, 4), 4),
    Backlog("reviews", dt.date(2025, 1, 13), 3),
    Backlog("episodes", dt.date(2025, 3, 17), 3),
    Backlog("peps", dt.date(2025, 5, 12), 3),
    Backlog("dental_checks", dt.date(2025, 7, 14), 4),
    Backlog("initial_health_assessments", dt.date(2025, 9, 15), 4),
    Backlog("visits", dt.date(2025, 11, 17), 2),
    Backlog("reviews", dt.date(2026, 1, 19), 4),
    Backlog("health_assessments", dt.date(2026, 3, 23), 3),
    Backlog("episodes", dt.date(2026, 5, 18), 3),
    Backlog("dental_checks", dt.date(2026, 7, 20), 2),
    Backlog("peps", dt.date(2026, 9, 21), 3),
)
# Why 7: the target, warn within 7 nights of a backlog's start.
DETECTION_NIGHTS = 7
# Nights measured before the first scored night, so that every record type
# has its baseline from the start of scoring, the same weeks of the year
# before included (the gate keeps every night's figures).
WARM_UP_NIGHTS = 400


def _weekly(night: dt.date) -> bool:
    """The Virtual School drops weekly, on nights a whole number of weeks before the end."""
    return (END - night).days % 7 == 0


def replay(nights: int, seed: int, backlogs=BACKLOGS) -> tuple[pd.DataFrame, list[dict]]:
    opts = Options(seed=seed, end=END, backlogs=backlogs)
    truth = simulate(opts)
    first = END - dt.timedelta(days=nights + WARM_UP_NIGHTS - 1)
    history = {
        name: pd.DataFrame(columns=["extract_date", *FIGURES, "status"]) for name in EVENT_COLUMNS
    }
    latest: dict[str, tuple[str, str]] = {}
    rows = []
    for day in range(to_day(first), to_day(END) + 1):
        night = from_day(day)
        types = [t for t in EVENT_COLUMNS if t != "peps" or _weekly(night)]
        for name, records in record_frames(truth, day, types).items():
            figures = lag_figures(records, night)
            j = judge(name, figures, history[name], night)
            history[name].loc[len(history[name])] = {
                "extract_date": night,
                **figures,
                "status": j.status,
            }
            latest[name] = (j.status, " ".join(r.split()[0] for r in j.reasons))
        for name, (status, rules) in latest.items():
            rows.append({"night": night, "record_type": name, "status": status, "rules": rules})
    return pd.DataFrame(rows), truth.backlogs


def score(statuses: pd.DataFrame, backlogs: list[dict], nights: int) -> None:
    scored = statuses[statuses["night"] > END - dt.timedelta(days=nights)].copy()
    scored["warned"] = scored["status"] == ABNORMAL
    scored["touched"] = False
    for b in backlogs:
        start = dt.date.fromisoformat(b["start"])
        # the catch-up stays in the 28-day lag window for 28 days after it ends
        until = dt.date.fromisoformat(b["catch_up_last_day"]) + dt.timedelta(days=LAG_WINDOW_DAYS)
        hit = (
            (scored["record_type"] == b["record_type"])
            & (scored["night"] >= start)
            & (scored["night"] <= until)
        )
        scored.loc[hit, "touched"] = True
    per_night = scored.groupby("night").agg(warned=("warned", "any"), touched=("touched", "any"))
    normal = per_night[~per_night["touched"]]
    pairs = scored[~scored["touched"]]
    print(f"scored nights: {len(per_night)} ({per_night.index.min()} to {per_night.index.max()})")
    print(
        f"normal nights (no backlog touching any record type): {len(normal)}; "
        f"quiet on {int((~normal['warned']).sum())} = {(~normal['warned']).mean():.1%}"
    )
    print(
        f"normal (night, record type) pairs: {len(pairs)}; quiet on {(~pairs['warned']).mean():.1%}"
    )
    false = pairs[pairs["warned"]]
    if len(false):
        print("false warnings by record type and figure:")
        for (kind, rules), n in false.groupby(["record_type", "rules"]).size().items():
            print(f"  {kind:28} {rules:45} {n}")
    print()
    print(
        f"{'record type':28} {'start':10} {'weeks':>5} {'delayed':>7} "
        f"{'first warning':13} {'delay':>5}"
    )
    detected = 0
    for b in backlogs:
        start = dt.date.fromisoformat(b["start"])
        own = scored[(scored["record_type"] == b["record_type"]) & (scored["night"] >= start)]
        warned = own[own["warned"]]
        first = warned["night"].min() if len(warned) else None
        delay = (first - start).days if first is not None else None
        ok = delay is not None and delay <= DETECTION_NIGHTS
        detected += ok
        print(
            f"{b['record_type']:28} {b['start']:10} {b['weeks']:>5} {b['records_delayed']:>7} "
            f"{first or '-'!s:13} {delay if delay is not None else '-'!s:>5}"
            f"{'' if ok else '  MISSED'}"
        )
    tp = int((scored["warned"] & scored["touched"]).sum())
    fp = int((scored["warned"] & ~scored["touched"]).sum())
    print()
    print(
        f"precision (warned (night, type) pairs a backlog touches): {tp}/{tp + fp} = "
        f"{tp / (tp + fp) if tp + fp else float('nan'):.1%}"
    )
    if backlogs:
        print(
            f"recall (backlogs warned within {DETECTION_NIGHTS} nights of their start): "
            f"{detected}/{len(backlogs)} = {detected / len(backlogs):.1%}"
        )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--nights", type=int, default=800, help="nights scored (default %(default)s)")
    p.add_argument("--seed", type=int, default=Options().seed)
    p.add_argument(
        "--without-backlogs",
        action="store_true",
        help="inject none: every night is normal (the quiet share alone)",
    )
    a = p.parse_args()
    t0 = time.perf_counter()
    statuses, backlogs = replay(a.nights, a.seed, () if a.without_backlogs else BACKLOGS)
    score(statuses, backlogs, a.nights)
    print(f"\n{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
