"""Social workers, teams and which child each is allocated to (for caseloads).

Teams: looked-after-children teams sized for about 15 children per worker
(the papers' caseloads of 14-18), and a leaving-care team of personal
advisers (about 22 care leavers each). Each post is filled by a chain of
workers: tenure lognormal with a median of about 2.5 years, a gap of a few
weeks between leavers and starters (the papers' recruitment pressures).
A looked-after child goes to the least-loaded of a few posts' workers (a
team manager balancing caseloads), so the busiest worker holds 19-24
children at a month end (the papers' maximum caseloads of 18-23), not the
25-34 a purely random allocation gave.
"""

from __future__ import annotations

import math
import random

import numpy as np

from simulator.dates import NONE
from simulator.world import World


class Workforce:
    def __init__(self, world: World, lac_stock: float, leavers: float) -> None:
        self.w = world
        self.workers: list[list] = []  # worker_id, team_id, team_name, fte, start, end
        self.posts: dict[str, list[list[list]]] = {"LAC": [], "LC": []}
        # cases allocated so far, per worker: [(first day, day after the last)]
        self.cases: dict[str, list[tuple[int, int]]] = {}
        # looked-after children's allocations draw from a stream of their own,
        # so tuning them does not move anything simulated after them
        ss = np.random.SeedSequence([int(world.opts.seed), int(world.opts.la_code), 1201])
        self.rng = random.Random(int(ss.generate_state(1)[0]))
        p = world.profile
        n_lac = max(2, round(lac_stock / p.children_per_worker))
        n_lc = max(1, round(leavers / p.care_leavers_per_adviser))
        per_team = 6
        n_teams = max(1, round(n_lac / per_team))
        for i in range(n_lac):
            team = i % n_teams + 1
            self.posts["LAC"].append(
                self._post(f"T{team:02d}", f"Looked After Children Team {team}")
            )
        for _ in range(n_lc):
            self.posts["LC"].append(self._post("T90", "Leaving Care Team"))

    def _post(self, team_id: str, team_name: str) -> list[list]:
        w = self.w
        chain = []
        t = w.cutoff - w.uniform_int(0, 5 * 365)
        while t <= w.end:
            tenure = w.lognorm(900, 0.7)
            end = t + tenure
            fte = w.draw(w.profile.worker_fte)
            wid = f"W{len(self.workers) + 1:05d}"
            row = [wid, team_id, team_name, fte, t, end if end <= w.end else NONE]
            self.workers.append(row)
            chain.append(row)
            t = end + w.uniform_int(7, 60)
        return chain

    @staticmethod
    def _in_post(chain: list[list], day: int) -> list | None:
        for row in chain:
            if row[4] <= day and (row[5] == NONE or row[5] > day):
                return row
        return None

    def _load(self, wid: str, day: int) -> int:
        return sum(1 for s, e in self.cases.get(wid, ()) if s <= day < e)

    def _worker_on(self, kind: str, day: int, r: random.Random) -> tuple[str, int] | None:
        """A worker in post on `day`: (worker id, their last day). A random
        post's worker; for looked-after children, the least loaded of that one
        and the workers of `Profile.allocation_candidates` - 1 other random posts."""
        posts = self.posts[kind]
        for _ in range(8):
            row = self._in_post(posts[int(r.random() * len(posts))], day)
            if row is not None:
                break
        else:
            return None
        if kind == "LAC":
            best = self._load(row[0], day)
            for _ in range(self.w.profile.allocation_candidates - 1):
                other = self._in_post(posts[int(r.random() * len(posts))], day)
                if other is not None and (load := self._load(other[0], day)) < best:
                    row, best = other, load
        return row[0], row[5]

    def allocate(self, kind: str, start: int, end: int) -> list[tuple[str, int, int]]:
        """Allocations covering [start, end) (end NONE = still open)."""
        w = self.w
        # looked-after children's allocations draw from the workforce's own stream
        r = self.rng if kind == "LAC" else w.py
        out = []
        t = start
        stop = w.end + 1 if end == NONE else end
        while t < stop:
            got = self._worker_on(kind, t, r)
            if got is None:
                t += 7
                continue
            wid, wend = got
            # reallocation (team moves, case transfers): lognormal, median 500 days
            until = t + max(1, round(500 * math.exp(0.6 * r.gauss())))
            if wend != NONE:
                until = min(until, wend)
            if until >= stop:
                out.append((wid, t, end))
                self.cases.setdefault(wid, []).append((t, stop))
                break
            out.append((wid, t, until))
            self.cases.setdefault(wid, []).append((t, until))
            next_day = r.random() < w.profile.reallocation_next_day_share
            t = until + (1 if next_day else 2 + int(r.random() * 19))
        return out
