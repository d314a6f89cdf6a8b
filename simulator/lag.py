"""Recording lag: when each event reaches the system that records it.

Every record carries the day the event happened and the moment it was typed
in. Lags are lognormal (heavy right tail) per record type (profile.Profile.lag);
a share of some record types never arrives at all. Most recording is done in
working hours on working days: a weekend day is usually pushed to Monday.
"""

from __future__ import annotations

import numpy as np

from simulator.profile import LagSpec
from simulator.world import World

NEVER = np.int64(2**62)  # "never recorded" (sorts after every real timestamp)
DAY = 86_400


def recorded(
    w: World, days: np.ndarray, spec: LagSpec, clean: bool = False, after: np.ndarray | None = None
) -> np.ndarray:
    """Seconds since epoch at which each event (int day) was recorded.

    `after`: an earlier recording of the same row (e.g. the row's creation);
    the result is never before it.
    """
    days = np.asarray(days, dtype=np.int64)
    n = len(days)
    rng = w.np
    lag = np.floor(rng.lognormal(np.log(spec.median_days), spec.sigma, size=n)).astype(np.int64)
    # a few records are typed in on the day itself
    lag = np.where(rng.random(n) < w.profile.same_day_recording_share, 0, lag)
    rec_day = days + lag
    wd = (rec_day + 3) % 7
    push = (wd >= 5) & (rng.random(n) < w.profile.weekend_pushed_share)
    rec_day = np.where(push, rec_day + (7 - wd), rec_day)
    secs = rec_day * DAY + rng.integers(8 * 3600, 18 * 3600 + 1800, size=n)
    never = rng.random(n) < spec.never
    if not clean:
        secs = np.where(never, NEVER, secs)
    if after is not None:
        after = np.asarray(after, dtype=np.int64)
        secs = np.where(secs < after, after + rng.integers(60, 3600, size=n), secs)
    return secs
