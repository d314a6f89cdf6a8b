"""Children's careers in care, episode by episode (SSDA903 episodes).

What belongs here: admissions (including siblings, re-entries and
unaccompanied asylum-seeking children), the route out of care chosen at entry
(home, SGO, CAO, adoption, 18, custody, other), legal-status changes,
placement moves (more in the first months; some children keep moving),
temporary placements, long-term foster confirmations, staying put at 18, and
short-break children (V3/V4) who are not looked after. The result is the true
list of children, periods of care and episodes, in day numbers.

Every number that shapes a career is in profile.py; placement codes are
grouped as the contract groups them (codes.py). Draws come from the World's
shared stream in the order written here: reordering two draws changes every
child after them.
"""

from __future__ import annotations

from simulator import adoption
from simulator.codes import FOSTER_PLACEMENTS, SGO_REASONS_CEASED
from simulator.dates import NONE, add_years
from simulator.fostering import Fostering
from simulator.periods import Child, Episode, Period, Placement, age_band
from simulator.world import World

# Age bands at entry (days): <1, 1-4, 5-9, 10-15, 16-17 (leaving room before 18).
AGE_BAND_DAYS = (
    (0, 364),
    (365, 5 * 365),
    (5 * 365 + 1, 10 * 365),
    (10 * 365 + 2, 16 * 365),
    (16 * 365 + 4, 18 * 365 - 20),
)
OLDEST_BAND = len(AGE_BAND_DAYS) - 1
# Fake Ofsted URNs of the providers of agency foster care and children's homes.
PROVIDER_URNS = tuple(f"{9000000 + i * 37:07d}" for i in range(60))
# Postcodes are the NHS pseudo-postcode area ZZ99 (never a real address).
POSTCODE_LETTERS = ("ABDEFGHJLN", "PQRSTUWXYZ")
ADOPTIVE_POSTCODE_LETTERS = ("ABDEF", "PQRST")
# Routes out of care whose children have long-term plans (proceedings likely).
LONG_TERM_ROUTES = ("adoption", "sgo", "to18", "cao")


class Careers:
    """Simulates all children of one LA from the warm-up start to the end."""

    def __init__(self, world: World, fostering: Fostering) -> None:
        self.world = world
        self.fostering = fostering
        self.children: list[Child] = []
        self._carers = 0
        self._sibling_groups = 0

    def _new_carers(self) -> int:
        self._carers += 1
        return self._carers

    def _postcode(self, letters: tuple[str, str] = POSTCODE_LETTERS) -> str:
        w = self.world
        return f"ZZ99 {w.uniform_int(0, 9)}{w.pick(letters[0])}{w.pick(letters[1])}"

    # ------------------------------------------------------------------
    def run(self) -> None:
        w, p = self.world, self.world.profile
        first_entries_per_day = p.admissions_per_year * (1 - p.reentry_share) * w.scale / 365.25
        mean_arrival_size = 1 + p.sibling_group_share * p.mean_sibling_group_size
        mean_arrival_size -= p.sibling_group_share
        arrivals_per_day = first_entries_per_day / mean_arrival_size
        day = w.warm_start
        reentries: list[tuple[int, int]] = []  # (day, child idx)
        while True:
            day += max(0, round(w.py.expovariate(arrivals_per_day)))
            if day > w.end:
                break
            self._arrival(day, reentries)
        reentries.sort()
        while reentries:
            day, idx = reentries.pop(0)
            child = self.children[idx]
            if day <= w.end and day < add_years(child.dob, 18) - 30:
                self._period(child, day, reentries)
                reentries.sort()
        self._short_breaks()

    def _new_child(self, dob: int, uasc: bool) -> Child:
        w, p = self.world, self.world.profile
        ethnic = w.pick(p.uasc_ethnicities) if uasc else w.draw(p.ethnicity)
        sex = "1" if w.chance(p.male_share_uasc if uasc else p.male_share) else "2"
        child = Child(len(self.children), dob, sex, ethnic, uasc, self._postcode())
        self.children.append(child)
        return child

    def _arrival(self, day: int, reentries: list) -> None:
        """A child (with any siblings) comes into care for the first time."""
        w, p = self.world, self.world.profile
        if w.chance(p.uasc_share_of_admissions):
            age = (
                w.uniform_int(14 * 365, 18 * 365 - 30)
                if w.chance(p.uasc_from_14_share)
                else w.uniform_int(16 * 365, 18 * 365 - 30)
            )
            child = self._new_child(day - age, True)
            self._period(child, day, reentries)
            return
        band = w.pick(range(len(AGE_BAND_DAYS)), p.age_band_weights)
        age = w.uniform_int(*AGE_BAND_DAYS[band])
        child = self._new_child(day - age, False)
        if band < OLDEST_BAND and w.chance(p.sibling_group_share):
            self._sibling_groups += 1
            group = self._sibling_groups
            child.sibling_group = group
            period = self._period(child, day, reentries)
            first_placement = period.placements[0] if period.placements else None
            for _ in range(1 if w.chance(p.sibling_pair_share) else 2):
                # a brother or sister 1-4 years older or younger, under 16
                sibling_age = max(0, age + w.pick((-1, 1)) * w.uniform_int(365, 4 * 365))
                if sibling_age >= 16 * 365:
                    sibling_age = age
                sibling = self._new_child(day - sibling_age, False)
                sibling.sibling_group = group
                self._period(sibling, day, reentries, shared=first_placement, route=period.route)
        else:
            self._period(child, day, reentries)

    # ------------------------------------------------------------------
    def _choose_placement(self, day: int, age: int, uasc: bool) -> Placement:
        """A new placement with new carers, by age (DfE CLA placement mix)."""
        w, p = self.world, self.world.profile
        if uasc and age >= 16 * 365:
            kind = w.draw(p.placement_uasc_16_plus)
        elif age < 365:
            kind = w.draw(p.placement_under_1)
        elif age < 10 * 365:
            kind = w.draw(p.placement_1_to_9)
        elif age < 16 * 365:
            kind = w.draw(p.placement_10_to_15)
        else:
            kind = w.draw(p.placement_16_plus)
        carers = self._new_carers()
        postcode = self._postcode()
        if kind == "foster":
            if w.chance(p.family_and_friends_share / p.foster_share_of_family_based):
                # connected carers: in-house family and friends household (URN set later)
                return Placement(day, "U3", "PR1", carers, "FF", postcode)
            if w.chance(p.in_house_foster_share):
                household = self.fostering.pick_mainstream(day)
                if household is not None:
                    return Placement(day, "U6", "PR1", carers, household, postcode)
            return Placement(day, "U6", "PR4", carers, w.pick(PROVIDER_URNS), postcode)
        if kind == "P1":  # placed with parents: their home, no provider or URN
            return Placement(day, "P1", "PR0", carers, "", "")
        if kind == "K2":
            provider = w.draw(p.childrens_home_provider)
            return Placement(day, "K2", provider, carers, w.pick(PROVIDER_URNS), postcode)
        if kind in ("K1", "R5", "R3"):
            return Placement(day, kind, "PR3", carers, w.pick(PROVIDER_URNS), postcode)
        return Placement(day, kind, "PR4", carers, "", postcode)

    def _route_and_exit(self, child: Child, start: int, route: str, period: Period):
        """(exit day, reason ceased, on remand) for a period on this route."""
        w, p = self.world, self.world.profile
        eighteenth = add_years(child.dob, 18)
        on_remand = False
        if route == "home":
            exit_day = start + w.lognorm(p.home_median_days, 1.0)
            reason = w.draw(p.ceased_home)
        elif route == "sgo":
            exit_day = start + w.lognorm(p.sgo_median_days, 0.5)
            reason = w.draw(p.ceased_sgo)
        elif route == "cao":
            exit_day = start + w.lognorm(p.cao_median_days, 0.5)
            reason = "E41"
        elif route == "custody":
            on_remand = w.chance(p.custody_remand_share)
            median = p.remand_median_days if on_remand else p.custody_median_days
            exit_day = start + w.lognorm(median, 0.7)
            reason = w.draw(p.ceased_remand) if on_remand else "E9"
        elif route == "other":
            exit_day = start + w.lognorm(p.other_median_days, 0.8)
            reason = "E15" if child.uasc else w.draw(p.ceased_other)
        elif route == "adoption":
            plan = adoption.plan(w, start)
            period.adoption = plan
            if plan.reversed_on is not None:
                if w.chance(p.reversed_adoption_sgo_share):
                    exit_day = plan.reversed_on + w.lognorm(p.sgo_median_days, 0.5)
                    reason = "E47"
                else:
                    exit_day, reason = eighteenth, "18"
            else:
                exit_day, reason = plan.order, plan.order_reason
        else:
            exit_day, reason = eighteenth, "18"
        if exit_day >= eighteenth:
            exit_day, reason = eighteenth, "18"
        return exit_day, reason, on_remand

    def _legal_statuses(
        self, child: Child, period: Period, band: int, exit_day: int, on_remand: bool
    ) -> list[tuple[int, str]]:
        """(day, legal status) changes over the period, sorted, before the exit day."""
        w, p = self.world, self.world.profile
        start, route = period.start, period.route
        statuses: list[tuple[int, str]] = []
        if child.uasc:
            statuses.append((start, "V2"))
        elif on_remand:
            statuses.append((start, "J2"))
        else:
            draw = w.py.random()
            protection = p.police_protection_share + p.emergency_protection_share
            if draw < p.police_protection_share:
                current = "L1"
            elif draw < protection:
                current = "L2"
            elif draw < protection + p.interim_order_share_by_band[band]:
                current = "C1"
            else:
                current = "V2"
            statuses.append((start, current))
            since = start
            if current in ("L1", "L2"):
                since = start + w.uniform_int(1, 8)
                current = "C1" if w.chance(p.interim_order_after_protection_share) else "V2"
                statuses.append((since, current))
            long_term_plan = route in LONG_TERM_ROUTES and band < OLDEST_BAND
            if current == "V2" and long_term_plan and w.chance(p.interim_order_later_share):
                since = since + w.lognorm(90, 0.5)
                statuses.append((since, "C1"))
                current = "C1"
            # a full care order some months after the interim one (unless home soon)
            if current == "C1" and (route != "home" or exit_day - start > 250):
                statuses.append((since + w.lognorm(200, 0.3), "C2"))
            if period.adoption is not None:
                statuses.append((period.adoption.placement_order, "E1"))
                if period.adoption.reversed_on is not None:
                    statuses.append((period.adoption.reversed_on + w.uniform_int(30, 120), "C2"))
        statuses = [status for status in statuses if status[0] < exit_day]
        statuses.sort()
        return statuses

    def _period(
        self,
        child: Child,
        start: int,
        reentries: list,
        shared: Placement | None = None,
        route: str | None = None,
    ) -> Period:
        """A period of care from `start`: its route out, legal statuses, placements, episodes."""
        w, p = self.world, self.world.profile
        band = age_band(start - child.dob)
        eighteenth = add_years(child.dob, 18)
        if route is None or (route == "adoption" and band > 2):
            if child.uasc:
                route = "to18" if w.chance(p.uasc_to_18_share) else "other"
            else:
                route = w.pick(p.routes, p.route_weights[band])
        if route == "adoption" and child.periods:
            route = "sgo"
        period = Period(child.idx, start, NONE, "", route, False)
        exit_day, reason, on_remand = self._route_and_exit(child, start, route, period)
        statuses = self._legal_statuses(child, period, band, exit_day, on_remand)
        self._placements(child, period, start, exit_day, band, shared)
        if reason == "18":
            last = period.placements[-1]
            staying_put = p.staying_put_share / p.foster_share_at_18
            if last.place in FOSTER_PLACEMENTS and w.chance(staying_put):
                reason = "E17"
            else:
                reason = w.draw(p.ceased_at_18)
        self._family_and_friends_households(period, exit_day, reason)
        self._episodes(child, period, statuses, exit_day, reason)
        child.periods.append(period)
        if route == "home" and exit_day < eighteenth - 200 and w.chance(p.reentry_after_home_share):
            reentries.append((exit_day + w.lognorm(300, 0.6), child.idx))
        return period

    def _family_and_friends_households(self, period: Period, exit_day: int, reason: str) -> None:
        """A fostering household for each child placed with connected carers."""
        for i, placement in enumerate(period.placements):
            if placement.urn != "FF":
                continue
            last = i + 1 == len(period.placements)
            ends = exit_day if last else period.placements[i + 1].start
            # an SGO ends the fostering of the carers the child leaves care with
            leaves_on_sgo = last and reason in SGO_REASONS_CEASED
            household = self.fostering.family_and_friends(
                placement.start, ends, "SGO_OR_ADOPTION" if leaves_on_sgo else "OTHER"
            )
            placement.urn = household
            for later in period.placements[i + 1 :]:
                if later.carer == placement.carer:
                    later.urn = household

    def _placement_length(self, first: bool, unstable: bool) -> int:
        w, p = self.world, self.world.profile
        if first and w.chance(p.emergency_first_share):
            return w.lognorm(p.emergency_median_days, 0.7)
        if unstable:
            return w.lognorm(p.unstable_median_days, 0.8)
        return w.lognorm(p.stable_median_days, 1.0)

    def _placements(self, child, period, start, exit_day, band, shared) -> None:
        w, p = self.world, self.world.profile
        unstable = w.chance(p.unstable_share_teen if band >= 3 else p.unstable_share_young)
        placed_for_adoption = period.adoption.placed if period.adoption else None
        placements = period.placements
        day = start
        first = True
        while day < exit_day:
            if first and shared is not None:
                placement = shared.continued(day)
            else:
                placement = self._choose_placement(day, day - child.dob, child.uasc)
            ends = min(day + self._placement_length(first, unstable), exit_day)
            if placed_for_adoption is not None and day < placed_for_adoption <= ends:
                ends = placed_for_adoption
            # foster placements confirmed as long-term (same carers)
            long_enough = placement.place in FOSTER_PLACEMENTS and ends - day > 400
            if long_enough and w.chance(p.long_term_conversion_share):
                confirmed = day + w.uniform_int(365, 540)
                placements.append(placement)
                if confirmed < ends:
                    long_term = "U1" if placement.place == "U3" else "U4"
                    placement = placement.continued(confirmed, long_term)
            # temporary placements within a longer placement
            length = ends - day
            if length > 120 and w.chance(p.temporary_per_year * length / 365.25):
                if not placements or placements[-1] is not placement:
                    placements.append(placement)
                away = day + w.uniform_int(30, length - 60)
                carers = self._new_carers()
                place = w.draw(p.temporary_placement)
                placements.append(Placement(away, place, "PR0", carers, "", ""))
                placement = placement.continued(away + w.uniform_int(2, 14))
            if not placements or placements[-1] is not placement:
                placements.append(placement)
            if ends < exit_day:
                if placed_for_adoption is not None and ends == placed_for_adoption:
                    placements.append(self._adoptive_placement(period, ends))
                    return
                placements[-1].reason_left = w.draw(p.placement_change_reason)
            day = ends
            first = False

    def _adoptive_placement(self, period: Period, day: int) -> Placement:
        """Placed for adoption: with the foster carers (A3/A5) or new adopters (A4/A6)."""
        w, p = self.world, self.world.profile
        plan = period.adoption
        current = period.placements[-1]
        if plan.by_foster_carers and current.place in FOSTER_PLACEMENTS:
            return current.continued(day, "A3" if plan.consent else "A5")
        carers = self._new_carers()
        place = "A4" if plan.consent else "A6"
        provider = w.draw(p.adoption_provider)
        postcode = self._postcode(ADOPTIVE_POSTCODE_LETTERS)
        current.reason_left = "APPL"
        return Placement(day, place, provider, carers, "", postcode)

    def _episodes(self, child, period, statuses, exit_day, reason) -> None:
        """Episodes from the legal statuses and placements: a new one at each change."""
        w = self.world
        need = "N8" if child.uasc else w.draw(w.profile.category_of_need)
        placements = period.placements
        placements.sort(key=lambda placement: placement.start)
        change_days = sorted({day for day, _ in statuses} | {pl.start for pl in placements})
        change_days = [day for day in change_days if period.start <= day < exit_day]
        status_at = placement_at = 0
        status = placement = None
        episodes: list[Episode] = []
        for day in change_days:
            while status_at + 1 < len(statuses) and statuses[status_at + 1][0] <= day:
                status_at += 1
            while placement_at + 1 < len(placements) and placements[placement_at + 1].start <= day:
                placement_at += 1
            new_status, new_placement = statuses[status_at][1], placements[placement_at]
            status_changed = new_status != status
            placement_changed = new_placement is not placement
            carers_changed = placement_changed and (
                placement is None or new_placement.carer != placement.carer
            )
            if placement is None:
                reason_new = "S"
            elif status_changed and carers_changed:
                reason_new = "T"
            elif status_changed and placement_changed:
                reason_new = "U"
            elif status_changed:
                reason_new = "L"
            elif carers_changed:
                reason_new = "P"
            elif placement_changed:
                reason_new = "B"
            else:
                continue
            if episodes:
                episodes[-1].end = day
                episodes[-1].reason_ended = "X1"
                if carers_changed:
                    episodes[-1].reason_place_change = placement.reason_left or "OTHER"
            episodes.append(
                Episode(
                    day,
                    reason_new,
                    new_status,
                    need,
                    new_placement.place,
                    new_placement.provider,
                    NONE,
                    "",
                    "",
                    child.home_postcode,
                    new_placement.postcode,
                    new_placement.urn,
                    new_placement.carer,
                )
            )
            status, placement = new_status, new_placement
        episodes[-1].end = exit_day
        episodes[-1].reason_ended = reason
        # cut at the end of the history: later events have not happened yet
        episodes = [episode for episode in episodes if episode.start <= w.end]
        last = episodes[-1]
        if last.end > w.end:
            last.end, last.reason_ended, last.reason_place_change = NONE, "", ""
            period.end, period.reason = NONE, ""
        else:
            period.end, period.reason = exit_day, reason
        period.placements = [pl for pl in placements if pl.start <= w.end]
        period.episodes = episodes

    # ------------------------------------------------------------------
    def _short_breaks(self) -> None:
        """Disabled children on agreed series of short breaks (V4) or single
        breaks (V3): episodes in the return, but not looked after."""
        w, p = self.world, self.world.profile
        # about 2.2 children start short breaks over the history for each one
        # on breaks at a time
        count = max(1, round(p.short_break_children * w.scale * 2.2))
        for _ in range(count):
            first = w.uniform_int(w.warm_start + 8 * 365, w.end)
            age = w.uniform_int(4 * 365, 15 * 365)
            child = self._new_child(first - age, False)
            child.short_break = True
            eighteenth = add_years(child.dob, 18)
            day = first
            carers = self._new_carers()
            urn = w.pick(PROVIDER_URNS)
            while day < min(eighteenth, w.end):
                series = w.chance(p.short_break_series_share)
                length = w.uniform_int(150, 365) if series else w.uniform_int(1, 5)
                end = min(day + length, eighteenth)
                period = Period(child.idx, day, NONE, "", "short_break", True)
                # single breaks with in-house short-break foster carers
                household = None if series else self.fostering.pick_mainstream(day)
                place, episode_urn = ("K2", urn) if household is None else ("U6", household)
                episode = Episode(
                    day,
                    "S",
                    "V4" if series else "V3",
                    "N2",
                    place,
                    "PR1",
                    end,
                    "E13",
                    "",
                    child.home_postcode,
                    "",
                    episode_urn,
                    carers,
                )
                if end > w.end:
                    episode.end, episode.reason_ended = NONE, ""
                else:
                    period.end, period.reason = end, "E13"
                period.episodes = [episode]
                child.periods.append(period)
                day = end + (w.uniform_int(1, 20) if series else w.uniform_int(20, 90))
