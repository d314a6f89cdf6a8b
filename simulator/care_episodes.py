"""Children's careers in care, episode by episode (SSDA903 episodes).

What belongs here: admissions (including siblings, re-entries and
unaccompanied asylum-seeking children), the route out of care chosen at entry
(home, SGO, CAO, adoption, 18, custody, other), legal-status changes,
placement moves (more in the first months; some children keep moving),
temporary placements, long-term foster confirmations, staying put at 18, and
short-break children (V3/V4) who are not looked after. The result is the true
list of children, periods of care and episodes, in day numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator import adoption
from simulator.dates import NONE, add_years
from simulator.fostering import Fostering
from simulator.world import World

ETHNIC = (
    "WBRI",
    "WIRI",
    "WOTH",
    "WROM",
    "MWBC",
    "MWBA",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "AOTH",
    "BCRB",
    "BAFR",
    "BOTH",
    "CHNE",
    "OOTH",
    "REFU",
    "NOBT",
)
# A northern metropolitan borough: about 80% White British among children in care.
ETHNIC_W = (
    0.78,
    0.003,
    0.02,
    0.01,
    0.03,
    0.005,
    0.01,
    0.02,
    0.005,
    0.03,
    0.003,
    0.005,
    0.005,
    0.015,
    0.005,
    0.002,
    0.02,
    0.005,
    0.002,
)
UASC_ETHNIC = ("AOTH", "BAFR", "OOTH", "AOTH", "BOTH")
CIN = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
# DfE CLA 2023 category of need at entry: abuse or neglect about 2/3.
CIN_W = (0.62, 0.03, 0.03, 0.08, 0.14, 0.02, 0.003, 0.077)
PLACE_CHANGE = ("CARPL", "LAREQ", "CHILD", "PLACE", "ALLEG", "STAND", "CREQB", "CLOSE", "OTHER")
PLACE_CHANGE_W = (0.2, 0.24, 0.1, 0.26, 0.03, 0.05, 0.05, 0.02, 0.05)
REC_HOME = ("E4A", "E4B", "E13")
REC_18 = ("E5", "E6", "E8", "E7")
REC_18_W = (0.55, 0.15, 0.27, 0.03)
REC_SGO = ("E45", "E46", "E47", "E48")
REC_SGO_W = (0.35, 0.15, 0.4, 0.1)


@dataclass
class Placement:
    start: int
    place: str
    provider: str
    carer: int  # identifies the carers; same value = same carers
    urn: str
    post: str
    reason_left: str = ""  # REASON_PLACE_CHANGE when this placement ends


@dataclass
class Period:
    child: int
    start: int
    end: int  # NONE while still looked after at the end of the history
    reason: str
    route: str
    short_break: bool
    episodes: list[list] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    adoption: adoption.AdoptionPlan | None = None


@dataclass
class Child:
    idx: int
    dob: int
    sex: str
    ethnic: str
    uasc: bool
    home_post: str
    sibling_group: int = -1
    short_break: bool = False
    periods: list[Period] = field(default_factory=list)


class Careers:
    """Simulates all children of one LA from the warm-up start to the end."""

    def __init__(self, world: World, fostering: Fostering) -> None:
        self.w = world
        self.f = fostering
        self.children: list[Child] = []
        self._carer = 0
        self._urn_pool = [f"{9000000 + i * 37:07d}" for i in range(60)]  # fake Ofsted URNs
        self._sibling_groups = 0

    # ------------------------------------------------------------------
    def run(self) -> None:
        w, p = self.w, self.w.profile
        per_day = p.admissions_per_year * (1 - p.reentry_share) * w.scale / 365.25
        mean_group = 1 + 0.15 * 2.3 - 0.15  # 15% of arrivals are 2-3 siblings
        rate = per_day / mean_group
        day = w.warm_start
        pending: list[tuple[int, int]] = []  # (day, child idx) re-entries
        while True:
            day += max(0, round(w.py.expovariate(rate)))
            if day > w.end:
                break
            self._arrival(day, pending)
        pending.sort()
        while pending:
            d, idx = pending.pop(0)
            c = self.children[idx]
            if d <= w.end and d < add_years(c.dob, 18) - 30:
                self._period(c, d, pending)
                pending.sort()
        self._short_breaks()

    def _new_child(self, dob: int, uasc: bool) -> Child:
        w = self.w
        eth = w.pick(UASC_ETHNIC) if uasc else w.pick(ETHNIC, ETHNIC_W)
        sex = "1" if w.chance(0.9 if uasc else 0.55) else "2"
        post = f"ZZ99 {w.uniform_int(0, 9)}{w.pick('ABDEFGHJLN')}{w.pick('PQRSTUWXYZ')}"
        c = Child(len(self.children), dob, sex, eth, uasc, post)
        self.children.append(c)
        return c

    def _age_days(self, band: int) -> int:
        w = self.w
        lo, hi = (
            (0, 364),
            (365, 5 * 365),
            (5 * 365 + 1, 10 * 365),
            (10 * 365 + 2, 16 * 365),
            (16 * 365 + 4, 18 * 365 - 20),
        )[band]
        return w.uniform_int(lo, hi)

    def _arrival(self, day: int, pending: list) -> None:
        w, p = self.w, self.w.profile
        if w.chance(p.uasc_share_of_admissions):
            age = (
                w.uniform_int(14 * 365, 18 * 365 - 30)
                if w.chance(0.3)
                else w.uniform_int(16 * 365, 18 * 365 - 30)
            )
            c = self._new_child(day - age, True)
            self._period(c, day, pending)
            return
        band = w.pick(range(5), p.age_band_weights)
        age = self._age_days(band)
        c = self._new_child(day - age, False)
        if band < 4 and w.chance(0.15):
            self._sibling_groups += 1
            group = self._sibling_groups
            c.sibling_group = group
            per = self._period(c, day, pending)
            first = per.placements[0] if per.placements else None
            for _ in range(1 if w.chance(0.7) else 2):
                sib_age = max(0, age + w.pick((-1, 1)) * w.uniform_int(365, 4 * 365))
                if sib_age >= 16 * 365:
                    sib_age = age
                s = self._new_child(day - sib_age, False)
                s.sibling_group = group
                self._period(s, day, pending, shared=first, route=per.route)
        else:
            self._period(c, day, pending)

    # ------------------------------------------------------------------
    def _choose_placement(self, day: int, age: int, uasc: bool) -> Placement:
        """A new placement with new carers, by age (DfE CLA placement mix)."""
        w, p = self.w, self.w.profile
        if uasc and age >= 16 * 365:
            kind = w.pick(("foster", "H5", "K2"), (0.4, 0.52, 0.08))
        elif age < 365:
            kind = w.pick(("foster", "P1", "R3"), (0.93, 0.04, 0.03))
        elif age < 10 * 365:
            kind = w.pick(("foster", "P1", "K2"), (0.93, 0.05, 0.02))
        elif age < 16 * 365:
            kind = w.pick(("foster", "P1", "K2", "K1", "R5"), (0.67, 0.05, 0.26, 0.01, 0.01))
        else:
            kind = w.pick(
                ("foster", "H5", "K2", "P2", "P1", "Z1"), (0.40, 0.36, 0.15, 0.03, 0.03, 0.03)
            )
        self._carer += 1
        post = f"ZZ99 {w.uniform_int(0, 9)}{w.pick('ABDEFGHJLN')}{w.pick('PQRSTUWXYZ')}"
        if kind == "foster":
            if w.chance(p.family_and_friends_share / 0.85):
                # connected carers: in-house family and friends household (URN set later)
                return Placement(day, "U3", "PR1", self._carer, "FF", post)
            if w.chance(p.in_house_foster_share):
                hid = self.f.pick_mainstream(day)
                if hid is not None:
                    return Placement(day, "U6", "PR1", self._carer, hid, post)
            return Placement(day, "U6", "PR4", self._carer, w.pick(self._urn_pool), post)
        if kind in ("P1",):
            return Placement(day, "P1", "PR0", self._carer, "", "")
        if kind == "K2":
            prov = w.pick(("PR1", "PR4", "PR5"), (0.2, 0.7, 0.1))
            return Placement(day, "K2", prov, self._carer, w.pick(self._urn_pool), post)
        if kind in ("K1", "R5", "R3"):
            return Placement(day, kind, "PR3", self._carer, w.pick(self._urn_pool), post)
        return Placement(day, kind, "PR4", self._carer, "", post)

    def _period(
        self,
        c: Child,
        start: int,
        pending: list,
        shared: Placement | None = None,
        route: str | None = None,
    ) -> Period:
        w, p = self.w, self.w.profile
        age = start - c.dob
        band = (
            0
            if age < 365
            else 1
            if age < 5 * 365
            else 2
            if age < 10 * 365
            else (3 if age < 16 * 365 else 4)
        )
        b18 = add_years(c.dob, 18)
        if route is None or (route == "adoption" and band > 2):
            if c.uasc:
                route = "to18" if w.chance(0.9) else "other"
            else:
                route = w.pick(p.routes, p.route_weights[band])
        if route == "adoption" and c.periods:
            route = "sgo"
        per = Period(c.idx, start, NONE, "", route, False)
        # --- exit day and reason -------------------------------------
        remand = False
        if route == "home":
            exit_day = start + w.lognorm(p.home_median_days, 1.0)
            reason = w.pick(REC_HOME, (0.75, 0.1, 0.15))
        elif route == "sgo":
            exit_day = start + w.lognorm(p.sgo_median_days, 0.5)
            reason = w.pick(REC_SGO, REC_SGO_W)
        elif route == "cao":
            exit_day = start + w.lognorm(p.cao_median_days, 0.5)
            reason = "E41"
        elif route == "custody":
            remand = w.chance(0.5)
            exit_day = start + w.lognorm(60 if remand else p.custody_median_days, 0.7)
            reason = w.pick(("E14", "E9"), (0.7, 0.3)) if remand else "E9"
        elif route == "other":
            exit_day = start + w.lognorm(p.other_median_days, 0.8)
            reason = "E15" if c.uasc else w.pick(("E8", "E3", "E16", "E2"), (0.6, 0.25, 0.13, 0.02))
        elif route == "adoption":
            ap = adoption.plan(w, start)
            per.adoption = ap
            if ap.reversed_on is not None:
                if w.chance(0.5):
                    exit_day, reason = ap.reversed_on + w.lognorm(p.sgo_median_days, 0.5), "E47"
                else:
                    exit_day, reason = b18, "18"
            else:
                exit_day, reason = ap.order, ap.order_reason
        else:
            exit_day, reason = b18, "18"
        if exit_day >= b18:
            exit_day, reason = b18, "18"
        # --- legal status timeline -----------------------------------
        ls: list[tuple[int, str]] = []
        if c.uasc:
            ls.append((start, "V2"))
        elif remand:
            ls.append((start, "J2"))
        else:
            r = w.py.random()
            p_c1 = (0.55, 0.55, 0.45, 0.35, 0.12)[band]
            first = "L1" if r < 0.04 else "L2" if r < 0.07 else "C1" if r < 0.07 + p_c1 else "V2"
            ls.append((start, first))
            t = start
            if first in ("L1", "L2"):
                t = start + w.uniform_int(1, 8)
                first = "C1" if w.chance(0.7) else "V2"
                ls.append((t, first))
            long_plan = route in ("adoption", "sgo", "to18", "cao") and band < 4
            if first == "V2" and long_plan and w.chance(0.6):
                t = t + w.lognorm(90, 0.5)
                ls.append((t, "C1"))
                first = "C1"
            if first == "C1" and (route != "home" or exit_day - start > 250):
                ls.append((t + w.lognorm(200, 0.3), "C2"))
            if per.adoption is not None:
                ls.append((per.adoption.placement_order, "E1"))
                if per.adoption.reversed_on is not None:
                    ls.append((per.adoption.reversed_on + w.uniform_int(30, 120), "C2"))
        ls = [x for x in ls if x[0] < exit_day]
        ls.sort()
        # --- placements -----------------------------------------------
        self._placements(c, per, start, exit_day, band, shared)
        if reason == "18":
            last = per.placements[-1]
            if last.place.startswith("U") and w.chance(p.staying_put_share / 0.8):
                reason = "E17"
            else:
                reason = w.pick(REC_18, REC_18_W)
        # family-and-friends households (created for the child)
        for i, pl in enumerate(per.placements):
            if pl.urn == "FF":
                last = i + 1 == len(per.placements)
                nxt = exit_day if last else per.placements[i + 1].start
                # an SGO ends the fostering of the carers the child leaves care with
                dereg_reason = "SGO_OR_ADOPTION" if last and reason in REC_SGO else "OTHER"
                pl.urn = self.f.family_and_friends(pl.start, nxt, dereg_reason)
                for q in per.placements[i + 1 :]:
                    if q.carer == pl.carer:
                        q.urn = pl.urn
        self._episodes(c, per, ls, exit_day, reason)
        c.periods.append(per)
        # re-entry after going home
        if route == "home" and exit_day < b18 - 200 and w.chance(0.28):
            pending.append((exit_day + w.lognorm(300, 0.6), c.idx))
        return per

    def _placements(self, c, per, start, exit_day, band, shared) -> None:
        w, p = self.w, self.w.profile
        unstable = w.chance(p.unstable_share_teen if band >= 3 else p.unstable_share_young)
        placed_adopt = per.adoption.placed if per.adoption else None
        t = start
        first = True
        while t < exit_day:
            if first and shared is not None:
                pl = Placement(
                    t, shared.place, shared.provider, shared.carer, shared.urn, shared.post
                )
            else:
                pl = self._choose_placement(t, t - c.dob, c.uasc)
            if first and w.chance(p.emergency_first_share):
                dur = w.lognorm(p.emergency_median_days, 0.7)
            elif unstable:
                dur = w.lognorm(p.unstable_median_days, 0.8)
            else:
                dur = w.lognorm(p.stable_median_days, 1.0)
            nxt = min(t + dur, exit_day)
            if placed_adopt is not None and t < placed_adopt <= nxt:
                nxt = placed_adopt
            # foster placements confirmed as long-term (same carers)
            lt = pl.place.startswith("U") and nxt - t > 400
            if lt and w.chance(p.long_term_conversion_share):
                conv = t + w.uniform_int(365, 540)
                per.placements.append(pl)
                if conv < nxt:
                    long_term = "U1" if pl.place == "U3" else "U4"
                    pl = Placement(conv, long_term, pl.provider, pl.carer, pl.urn, pl.post)
            # temporary placements within a longer placement
            if nxt - t > 120 and w.chance(p.temporary_per_year * (nxt - t) / 365.25):
                if not per.placements or per.placements[-1] is not pl:
                    per.placements.append(pl)
                ts = t + w.uniform_int(30, nxt - t - 60)
                self._carer += 1
                tp = w.pick(("T1", "T3", "T4", "T0"), (0.4, 0.3, 0.2, 0.1))
                per.placements.append(Placement(ts, tp, "PR0", self._carer, "", ""))
                back = ts + w.uniform_int(2, 14)
                pl = Placement(back, pl.place, pl.provider, pl.carer, pl.urn, pl.post)
            if not per.placements or per.placements[-1] is not pl:
                per.placements.append(pl)
            if nxt < exit_day:
                if placed_adopt is not None and nxt == placed_adopt:
                    ap = per.adoption
                    cur = per.placements[-1]
                    if ap.by_foster_carers and cur.place.startswith("U"):
                        place = "A3" if ap.consent else "A5"
                        a = Placement(nxt, place, cur.provider, cur.carer, cur.urn, cur.post)
                    else:
                        self._carer += 1
                        place = "A4" if ap.consent else "A6"
                        prov = w.pick(("PR1", "PR2", "PR5"), (0.6, 0.2, 0.2))
                        post = f"ZZ99 {w.uniform_int(0, 9)}{w.pick('ABDEF')}{w.pick('PQRST')}"
                        a = Placement(nxt, place, prov, self._carer, "", post)
                        cur.reason_left = "APPL"
                    per.placements.append(a)
                    return
                per.placements[-1].reason_left = w.pick(PLACE_CHANGE, PLACE_CHANGE_W)
            t = nxt
            first = False

    def _episodes(self, c, per, ls, exit_day, reason) -> None:
        w = self.w
        cin = "N8" if c.uasc else w.pick(CIN, CIN_W)
        per.placements.sort(key=lambda q: q.start)
        days = sorted({d for d, _ in ls} | {pl.start for pl in per.placements})
        days = [d for d in days if per.start <= d < exit_day]
        li = pi = 0
        cur_ls = cur_pl = None
        eps: list[list] = []
        for d in days:
            while li + 1 < len(ls) and ls[li + 1][0] <= d:
                li += 1
            while pi + 1 < len(per.placements) and per.placements[pi + 1].start <= d:
                pi += 1
            new_ls, new_pl = ls[li][1], per.placements[pi]
            ls_ch = new_ls != cur_ls
            pl_ch = new_pl is not cur_pl
            carer_ch = pl_ch and (cur_pl is None or new_pl.carer != cur_pl.carer)
            if cur_pl is None:
                rne = "S"
            elif ls_ch and carer_ch:
                rne = "T"
            elif ls_ch and pl_ch:
                rne = "U"
            elif ls_ch:
                rne = "L"
            elif carer_ch:
                rne = "P"
            elif pl_ch:
                rne = "B"
            else:
                continue
            if eps:
                eps[-1][6] = d
                eps[-1][7] = "X1"
                if carer_ch:
                    eps[-1][8] = cur_pl.reason_left or "OTHER"
            # decom, rne, ls, cin, place, provider, dec, rec, reason, home/pl post, urn, carer
            eps.append(
                [
                    d,
                    rne,
                    new_ls,
                    cin,
                    new_pl.place,
                    new_pl.provider,
                    NONE,
                    "",
                    "",
                    c.home_post,
                    new_pl.post,
                    new_pl.urn,
                    new_pl.carer,
                ]
            )
            cur_ls, cur_pl = new_ls, new_pl
        eps[-1][6] = exit_day
        eps[-1][7] = reason
        # cut at the end of the history: later events have not happened yet
        eps = [e for e in eps if e[0] <= w.end]
        if eps[-1][6] > w.end:
            eps[-1][6], eps[-1][7], eps[-1][8] = NONE, "", ""
            per.end, per.reason = NONE, ""
        else:
            per.end, per.reason = exit_day, reason
        per.placements = [pl for pl in per.placements if pl.start <= w.end]
        per.episodes = eps

    # ------------------------------------------------------------------
    def _short_breaks(self) -> None:
        """Disabled children on agreed series of short breaks (V4) or single
        breaks (V3): episodes in the return, but not looked after."""
        w, p = self.w, self.w.profile
        n = max(1, round(p.short_break_children * w.scale * 2.2))
        for _ in range(n):
            first = w.uniform_int(w.warm_start + 8 * 365, w.end)
            age = w.uniform_int(4 * 365, 15 * 365)
            c = self._new_child(first - age, False)
            c.short_break = True
            b18 = add_years(c.dob, 18)
            d = first
            carer = self._carer = self._carer + 1
            urn = w.pick(self._urn_pool)
            while d < min(b18, w.end):
                v4 = w.chance(0.7)
                dur = w.uniform_int(150, 365) if v4 else w.uniform_int(1, 5)
                end = min(d + dur, b18)
                per = Period(c.idx, d, NONE, "", "short_break", True)
                # single breaks with in-house short-break foster carers
                hid = None if v4 else self.f.pick_mainstream(d)
                place, ep_urn = ("K2", urn) if hid is None else ("U6", hid)
                ls = "V4" if v4 else "V3"
                ep = [
                    d,
                    "S",
                    ls,
                    "N2",
                    place,
                    "PR1",
                    end,
                    "E13",
                    "",
                    c.home_post,
                    "",
                    ep_urn,
                    carer,
                ]
                if end > w.end:
                    ep[6], ep[7] = NONE, ""
                else:
                    per.end, per.reason = end, "E13"
                per.episodes = [ep]
                c.periods.append(per)
                d = end + (w.uniform_int(1, 20) if v4 else w.uniform_int(20, 90))
