"""The fostering service: in-house households, their approvals, deregistrations.

Mainstream households are approved and leave at steady rates (about 90 active
in a borough of 57,000, plus family-and-friends carers approved for a named
child, for about 120 households in all, as in the papers' fostering reports).
Enquiries that do not convert are withdrawn. Family-and-friends households
are created by care_episodes when a child is placed with connected carers:
temporarily approved on the day (Regulation 24), assessed, and approved at
panel 16-24 weeks later if the child is still there and stays on (carers
not approved see the child move on within weeks of the decision). A
temporary approval that ends without a panel approval is not a
deregistration: the household leaves the tracker's approved households but
not through its Deregistrations sheet. Carers approved at panel are deregistered when a
special guardianship or other order ends their fostering (SGO_OR_ADOPTION);
when the child moves on otherwise, some resign within weeks and others stay
approved for months (a review, or a sibling who may follow) before they go.
With mainstream carers resigning at about 15% a year, that gives about 25-40
deregistrations a year against about 120 households (the papers: 24 in
2016/17, 36 in 2021/22 including 4 family and friends).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import numpy as np

from simulator.dates import NONE
from simulator.world import World


@dataclass
class Fostering:
    world: World
    # households: id, carer_type, approval, places, dereg, reason
    households: list[list] = field(default_factory=list)
    # approvals: household_id, carer_type, stage, stage_date, places
    approvals: list[tuple] = field(default_factory=list)
    _active_arr: tuple | None = None
    # family-and-friends carers' fate draws from a stream of its own, so the
    # main stream (and every child's care career) is unchanged by it
    _ff_rng: random.Random | None = None

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
            if w.chance(p.enquiry_assessed_share):
                self.approvals.append(
                    (hid, "MAINSTREAM", "IN_ASSESSMENT", day + w.lognorm(40, 0.5), None)
                )
            self.approvals.append((hid, "MAINSTREAM", "WITHDRAWN", day + w.lognorm(90, 0.6), None))
        self._active_arr = None

    def _mainstream(self, approval: int) -> None:
        w = self.world
        hid = self._new_id()
        profile = self.world.profile
        places = w.draw(profile.places_approved)
        tenure = w.lognorm(profile.household_median_years * 365.25, 0.7)
        dereg = approval + tenure
        reason = w.draw(profile.mainstream_deregistration_reason)
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
        """Connected carers for one child, placed under temporary approval on
        `placed`; the placement ends on `ends` and `reason` is the
        deregistration reason if an order (SGO) ends it."""
        w, p = self.world, self.world.profile
        if self._ff_rng is None:
            ss = np.random.SeedSequence([int(w.opts.seed), int(w.opts.la_code), 1203])
            self._ff_rng = random.Random(int(ss.generate_state(1)[0]))
        r = self._ff_rng
        hid = self._new_id()
        approval = placed + w.uniform_int(112, 168)  # panel within 16-24 weeks
        dereg = ends + w.uniform_int(14, 60)
        self.approvals.append((hid, "FAMILY_AND_FRIENDS", "IN_ASSESSMENT", placed, None))
        if approval >= ends:
            # the child left under temporary approval: the assessment is closed,
            # the temporary approval ends with the placement (no deregistration)
            self.households.append([hid, "FAMILY_AND_FRIENDS", placed, 1, ends, ""])
            self.approvals.append((hid, "FAMILY_AND_FRIENDS", "WITHDRAWN", ends, None))
            return hid
        if ends - approval <= p.ff_not_approved_days:
            # not approved at panel: the child moves on within weeks of the decision
            self.households.append([hid, "FAMILY_AND_FRIENDS", placed, 1, ends, ""])
            self.approvals.append((hid, "FAMILY_AND_FRIENDS", "WITHDRAWN", approval, None))
            return hid
        self.approvals.append((hid, "FAMILY_AND_FRIENDS", "APPROVED", approval, 1))
        if reason != "SGO_OR_ADOPTION" and r.random() < p.ff_stay_approved_share:
            stay = max(1, round(p.ff_stay_approved_median_days * math.exp(0.6 * r.gauss())))
            dereg = ends + stay
            change = r.random() < p.ff_leaving_change_in_circumstances_share
            reason = "CHANGE_IN_CIRCUMSTANCES" if change else "OTHER"
        self.households.append([hid, "FAMILY_AND_FRIENDS", placed, 1, dereg, reason])
        return hid
