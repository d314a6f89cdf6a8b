"""The fostering service: in-house households, their approvals, deregistrations.

Mainstream households are approved and leave at steady rates (about 90 active
in a borough of 57,000, plus family-and-friends carers approved for a named
child, for about 120 households in all, as in the papers' fostering reports).
Enquiries that do not convert are withdrawn. Family-and-friends households
are created by care_episodes when a child is placed with connected carers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from simulator.dates import NONE
from simulator.world import World

MAINSTREAM_REASONS = (
    "RETIRED",
    "CHANGE_IN_CIRCUMSTANCES",
    "MOVED_AREA",
    "TRANSFERRED_AGENCY",
    "SGO_OR_ADOPTION",
    "STANDARDS_OF_CARE",
    "OTHER",
)
MAINSTREAM_REASON_WEIGHTS = (0.28, 0.30, 0.10, 0.16, 0.06, 0.04, 0.06)


@dataclass
class Fostering:
    world: World
    # households: id, carer_type, approval, places, dereg, reason
    households: list[list] = field(default_factory=list)
    # approvals: household_id, carer_type, stage, stage_date, places
    approvals: list[tuple] = field(default_factory=list)
    _active_arr: tuple | None = None

    def _new_id(self) -> str:
        return f"FH{len(self.households) + 1:05d}"

    def simulate_mainstream(self) -> None:
        w, p = self.world, self.world.profile
        mean_years = p.household_median_years * 1.2
        rate = p.mainstream_households * w.scale / mean_years / 365.25  # approvals a day
        rate = max(rate, 1 / 365.25)
        day = w.warm_start - 365 * 10
        while True:
            day += max(1, round(w.py.expovariate(rate)))
            if day > w.end:
                break
            self._mainstream(day)
        # enquiries that never convert
        enquiry_rate = rate * (p.enquiries_per_approval - 1)
        day = w.cutoff - 365
        while True:
            day += max(1, round(w.py.expovariate(enquiry_rate)))
            if day > w.end:
                break
            hid = self._new_id()
            self.households.append([hid, "MAINSTREAM", NONE, 0, NONE, ""])
            self.approvals.append((hid, "MAINSTREAM", "ENQUIRY", day, None))
            if w.chance(0.35):
                self.approvals.append(
                    (hid, "MAINSTREAM", "IN_ASSESSMENT", day + w.lognorm(40, 0.5), None)
                )
            self.approvals.append((hid, "MAINSTREAM", "WITHDRAWN", day + w.lognorm(90, 0.6), None))
        self._active_arr = None

    def _mainstream(self, approval: int) -> None:
        w = self.world
        hid = self._new_id()
        places = w.pick((1, 2, 3), (0.3, 0.45, 0.25))
        tenure = w.lognorm(self.world.profile.household_median_years * 365.25, 0.7)
        dereg = approval + tenure
        reason = w.pick(MAINSTREAM_REASONS, MAINSTREAM_REASON_WEIGHTS)
        self.households.append([hid, "MAINSTREAM", approval, places, dereg, reason])
        assess = approval - w.lognorm(150, 0.3)
        self.approvals.append((hid, "MAINSTREAM", "ENQUIRY", assess - w.lognorm(45, 0.5), None))
        self.approvals.append((hid, "MAINSTREAM", "IN_ASSESSMENT", assess, None))
        self.approvals.append((hid, "MAINSTREAM", "APPROVED", approval, places))

    def pick_mainstream(self, day: int) -> str | None:
        """A mainstream household approved and still fostering on `day`."""
        if self._active_arr is None:
            hs = [h for h in self.households if h[2] != NONE]
            self._active_arr = (
                [h[0] for h in hs],
                np.array([h[2] for h in hs]),
                np.array([h[4] for h in hs]),
            )
        ids, appr, dereg = self._active_arr
        idx = np.flatnonzero((appr <= day) & (dereg > day))
        if len(idx) == 0:
            return None
        return ids[int(idx[int(self.world.py.random() * len(idx))])]

    def family_and_friends(self, placed: int, ends: int, reason: str) -> str:
        """Connected carers approved for one child: placed under temporary
        approval, fully approved within 16 weeks, deregistered when the child leaves."""
        w = self.world
        hid = self._new_id()
        approval = placed + w.uniform_int(40, 112)
        dereg = ends + w.uniform_int(14, 60)
        if approval >= ends:
            approval = placed
        self.households.append([hid, "FAMILY_AND_FRIENDS", placed, 1, dereg, reason])
        self.approvals.append((hid, "FAMILY_AND_FRIENDS", "IN_ASSESSMENT", placed, None))
        self.approvals.append((hid, "FAMILY_AND_FRIENDS", "APPROVED", approval, 1))
        return hid
