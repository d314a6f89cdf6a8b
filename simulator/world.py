"""The state shared by one LA's simulation: options, profile, random streams, time bounds.

Each LA has its own streams seeded from (seed, la_code), so LAs are
independent of each other and of how many are written in one command.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from dataclasses import dataclass, field

import numpy as np

from simulator.config import Options
from simulator.dates import add_years, to_day
from simulator.profile import Mix, Profile


@dataclass
class World:
    opts: Options
    profile: Profile
    py: random.Random = field(init=False)
    np: np.random.Generator = field(init=False)

    def __post_init__(self) -> None:
        ss = np.random.SeedSequence([int(self.opts.seed), int(self.opts.la_code)])
        a, b = ss.generate_state(2)
        self.py = random.Random(int(a) << 32 | int(b))
        self.np = np.random.default_rng(ss.spawn(1)[0])
        self.start = to_day(self.opts.start)
        self.end = to_day(self.opts.end)
        self.warm_start = add_years(self.start, -self.opts.warmup_years)
        # The case system holds operational records (visits, reviews, health,
        # PEPs ...) from a year before the history start, so rolling-12-month
        # measures are right from the first reported month.
        self.cutoff = add_years(self.start, -1)
        self.scale = self.opts.scaled()

    # scalar draws used inside per-child loops (Python's generator is much
    # faster than numpy for one value at a time)
    def lognorm(self, median: float, sigma: float) -> int:
        """Whole days, at least 1, lognormal with this median (gauss is the fastest normal)."""
        return max(1, round(median * math.exp(sigma * self.py.gauss())))

    def chance(self, p: float) -> bool:
        return self.py.random() < p

    def pick(self, items, weights=None):
        if weights is None:
            return items[int(self.py.random() * len(items))]
        cum = _CUM.get(weights)
        if cum is None:
            cum = _CUM[weights] = list(itertools.accumulate(weights))
        return items[min(bisect.bisect(cum, self.py.random() * cum[-1]), len(items) - 1)]

    def draw(self, mix: Mix):
        """One code of the mix, by its weights."""
        return self.pick(mix.codes, mix.weights)

    def uniform_int(self, lo: int, hi: int) -> int:
        """An integer in [lo, hi] (inclusive)."""
        return lo + int(self.py.random() * (hi - lo + 1))


_CUM: dict[tuple, list[float]] = {}
