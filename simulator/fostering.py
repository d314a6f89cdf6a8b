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
    # households: id, carer_type, approval, places, deregistration, reason
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
            household = self._new_id()
            self.households.append([household, "MAINSTREAM", NONE, 0, NONE, ""])
            self.approvals.append((household, "MAINSTREAM", "ENQUIRY", day, None))
            if w.chance(p.enquiry_assessed_share):
                self.approvals.append(
                    (household, "MAINSTREAM", "IN_ASSESSMENT", day + w.lognorm(40, 0.5), None)
                )
            withdrawn = day + w.lognorm(90, 0.6)
            self.approvals.append((household, "MAINSTREAM", "WITHDRAWN", withdrawn, None))
        self._active_arr = None

    def _mainstream(self, approval: int) -> None:
        w = self.world
        household = self._new_id()
        profile = self.world.profile
        places = w.draw(profile.places_approved)
        tenure = w.lognorm(profile.household_median_years * 365.25, 0.7)
        deregistered = approval + tenure
        reason = w.draw(profile.mainstream_deregistration_reason)
        self.households.append([household, "MAINSTREAM", approval, places, deregistered, reason])
        assessed = approval - w.lognorm(150, 0.3)  # assessment about five months
        enquired = assessed - w.lognorm(45, 0.5)
        self.approvals.append((household, "MAINSTREAM", "ENQUIRY", enquired, None))
        self.approvals.append((household, "MAINSTREAM", "IN_ASSESSMENT", assessed, None))
        self.approvals.append((household, "MAINSTREAM", "APPROVED", approval, places))

    def pick_mainstream(self, day: int) -> str | None:
        """A mainstream household approved and still fostering on `day`."""
        if self._active_arr is None:
            approved = [row for row in self.households if row[2] != NONE]
            self._active_arr = (
                [row[0] for row in approved],
                np.array([row[2] for row in approved]),
                np.array([row[4] for row in approved]),
            )
        household_ids, approved_on, deregistered_on = self._active_arr
        active = np.flatnonzero((approved_on <= day) & (deregistered_on > day))
        if len(active) == 0:
            return None
        return household_ids[int(active[int(self.world.py.random() * len(active))])]

    def family_and_friends(self, placed: int, ends: int, reason: str) -> str:
        """Connected carers for one child, placed under temporary approval on
        `placed`; the placement ends on `ends` and `reason` is the
        deregistration reason if an order (SGO) ends it."""
        w, p = self.world, self.world.profile
        if self._ff_rng is None:
            seeds = np.random.SeedSequence([int(w.opts.seed), int(w.opts.la_code), 1203])
            self._ff_rng = random.Random(int(seeds.generate_state(1)[0]))
        draws = self._ff_rng
        household = self._new_id()
        approval = placed + w.uniform_int(112, 168)  # panel within 16-24 weeks
        deregistered = ends + w.uniform_int(14, 60)
        self.approvals.append((household, "FAMILY_AND_FRIENDS", "IN_ASSESSMENT", placed, None))
        if approval >= ends:
            # the child left under temporary approval: the assessment is closed,
            # the temporary approval ends with the placement (no deregistration)
            self.households.append([household, "FAMILY_AND_FRIENDS", placed, 1, ends, ""])
            self.approvals.append((household, "FAMILY_AND_FRIENDS", "WITHDRAWN", ends, None))
            return household
        if ends - approval <= p.ff_not_approved_days:
            # not approved at panel: the child moves on within weeks of the decision
            self.households.append([household, "FAMILY_AND_FRIENDS", placed, 1, ends, ""])
            self.approvals.append((household, "FAMILY_AND_FRIENDS", "WITHDRAWN", approval, None))
            return household
        self.approvals.append((household, "FAMILY_AND_FRIENDS", "APPROVED", approval, 1))
        if reason != "SGO_OR_ADOPTION" and draws.random() < p.ff_stay_approved_share:
            stay = max(1, round(p.ff_stay_approved_median_days * math.exp(0.6 * draws.gauss())))
            deregistered = ends + stay
            change = draws.random() < p.ff_leaving_change_in_circumstances_share
            reason = "CHANGE_IN_CIRCUMSTANCES" if change else "OTHER"
        self.households.append([household, "FAMILY_AND_FRIENDS", placed, 1, deregistered, reason])
        return household
