"""Social workers, teams and which child each is allocated to (for caseloads).

Teams: looked-after-children teams sized for about 15 children per worker
(the papers' caseloads of 14-18), and a leaving-care team of personal
advisers (about 22 care leavers each). Each post is filled by a chain of
workers: tenure lognormal with a median of about 2.5 years, a gap of a few
weeks between leavers and starters (the papers' recruitment pressures).
"""

from __future__ import annotations

from simulator.dates import NONE
from simulator.world import World


class Workforce:
    def __init__(self, world: World, lac_stock: float, leavers: float) -> None:
        self.w = world
        self.workers: list[list] = []  # worker_id, team_id, team_name, fte, start, end
        self.posts: dict[str, list[list[list]]] = {"LAC": [], "LC": []}
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
            fte = w.pick(("1.0", "0.8", "0.6"), (0.8, 0.14, 0.06))
            wid = f"W{len(self.workers) + 1:05d}"
            row = [wid, team_id, team_name, fte, t, end if end <= w.end else NONE]
            self.workers.append(row)
            chain.append(row)
            t = end + w.uniform_int(7, 60)
        return chain

    def _worker_on(self, kind: str, day: int) -> tuple[str, int] | None:
        """A random post's worker in post on `day`: (worker id, their last day)."""
        posts = self.posts[kind]
        for _ in range(8):
            chain = posts[int(self.w.py.random() * len(posts))]
            for row in chain:
                if row[4] <= day and (row[5] == NONE or row[5] > day):
                    return row[0], row[5]
        return None

    def allocate(self, kind: str, start: int, end: int) -> list[tuple[str, int, int]]:
        """Allocations covering [start, end) (end NONE = still open)."""
        w = self.w
        out = []
        t = start
        stop = w.end + 1 if end == NONE else end
        while t < stop:
            got = self._worker_on(kind, t)
            if got is None:
                t += 7
                continue
            wid, wend = got
            until = t + w.lognorm(500, 0.6)  # reallocation (team moves, case transfers)
            if wend != NONE:
                until = min(until, wend)
            if until >= stop:
                out.append((wid, t, end))
                break
            out.append((wid, t, until))
            t = until + (1 if w.chance(0.8) else w.uniform_int(2, 20))
        return out
