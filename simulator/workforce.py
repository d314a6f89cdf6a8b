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

# Columns of a worker row (WORKER_ID, TEAM_ID, TEAM_NAME, FTE, START_DATE, END_DATE).
WORKER_ID, STARTED, LEFT = 0, 4, 5
# Looked-after children's teams of about six social workers each.
WORKERS_PER_TEAM = 6
# Tries at a random post before giving up for the day (a post may be vacant).
POST_TRIES = 8


class Workforce:
    def __init__(self, world: World, lac_stock: float, leavers: float) -> None:
        self.world = world
        self.workers: list[list] = []  # worker_id, team_id, team_name, fte, start, end
        self.posts: dict[str, list[list[list]]] = {"LAC": [], "LC": []}
        # cases allocated so far, per worker: [(first day, day after the last)]
        self.cases: dict[str, list[tuple[int, int]]] = {}
        # looked-after children's allocations draw from a stream of their own,
        # so tuning them does not move anything simulated after them
        seeds = np.random.SeedSequence([int(world.opts.seed), int(world.opts.la_code), 1201])
        self.lac_stream = random.Random(int(seeds.generate_state(1)[0]))
        p = world.profile
        social_workers = max(2, round(lac_stock / p.children_per_worker))
        personal_advisers = max(1, round(leavers / p.care_leavers_per_adviser))
        teams = max(1, round(social_workers / WORKERS_PER_TEAM))
        for i in range(social_workers):
            team = i % teams + 1
            self.posts["LAC"].append(
                self._post(f"T{team:02d}", f"Looked After Children Team {team}")
            )
        for _ in range(personal_advisers):
            self.posts["LC"].append(self._post("T90", "Leaving Care Team"))

    def _post(self, team_id: str, team_name: str) -> list[list]:
        """The chain of workers who hold one post, from up to 5 years before the cutoff."""
        w = self.world
        chain = []
        day = w.cutoff - w.uniform_int(0, 5 * 365)
        while day <= w.end:
            tenure = w.lognorm(900, 0.7)  # median about 2.5 years
            end = day + tenure
            fte = w.draw(w.profile.worker_fte)
            worker_id = f"W{len(self.workers) + 1:05d}"
            row = [worker_id, team_id, team_name, fte, day, end if end <= w.end else NONE]
            self.workers.append(row)
            chain.append(row)
            day = end + w.uniform_int(7, 60)  # a vacancy of one to eight weeks
        return chain

    @staticmethod
    def _in_post(chain: list[list], day: int) -> list | None:
        for row in chain:
            if row[STARTED] <= day and (row[LEFT] == NONE or row[LEFT] > day):
                return row
        return None

    def _load(self, worker_id: str, day: int) -> int:
        return sum(1 for first, end in self.cases.get(worker_id, ()) if first <= day < end)

    def _worker_on(self, kind: str, day: int, draws: random.Random) -> tuple[str, int] | None:
        """A worker in post on `day`: (worker id, their last day). A random
        post's worker; for looked-after children, the least loaded of that one
        and the workers of `Profile.allocation_candidates` - 1 other random posts."""
        posts = self.posts[kind]
        for _ in range(POST_TRIES):
            row = self._in_post(posts[int(draws.random() * len(posts))], day)
            if row is not None:
                break
        else:
            return None
        if kind == "LAC":
            least = self._load(row[WORKER_ID], day)
            for _ in range(self.world.profile.allocation_candidates - 1):
                other = self._in_post(posts[int(draws.random() * len(posts))], day)
                if other is not None and (load := self._load(other[WORKER_ID], day)) < least:
                    row, least = other, load
        return row[WORKER_ID], row[LEFT]

    def allocate(self, kind: str, start: int, end: int) -> list[tuple[str, int, int]]:
        """Allocations covering [start, end) (end NONE = still open)."""
        w = self.world
        # looked-after children's allocations draw from the workforce's own stream
        draws = self.lac_stream if kind == "LAC" else w.py
        allocations = []
        day = start
        stop = w.end + 1 if end == NONE else end
        while day < stop:
            found = self._worker_on(kind, day, draws)
            if found is None:
                day += 7  # try again next week
                continue
            worker_id, worker_left = found
            # reallocation (team moves, case transfers): lognormal, median 500 days
            until = day + max(1, round(500 * math.exp(0.6 * draws.gauss())))
            if worker_left != NONE:
                until = min(until, worker_left)
            if until >= stop:
                allocations.append((worker_id, day, end))
                self.cases.setdefault(worker_id, []).append((day, stop))
                break
            allocations.append((worker_id, day, until))
            self.cases.setdefault(worker_id, []).append((day, until))
            next_day = draws.random() < w.profile.reallocation_next_day_share
            day = until + (1 if next_day else 2 + int(draws.random() * 19))
        return allocations
