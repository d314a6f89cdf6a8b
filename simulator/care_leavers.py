"""Care leavers from 18 to 21 (25 on request): contacts, accommodation, activity, plans.

Young people who were looked after on their 18th birthday (after at least 13
weeks since 14) are care leavers. The leaving-care service keeps in touch
every couple of months (OC3-style contacts); accommodation and activity
change slowly. Papers: suitable accommodation 90-98%, in education,
employment or training 55-75%; "staying put" (REC E17) means living with
former foster carers (accommodation Z1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.care_episodes import Careers
from simulator.dates import NONE, add_months, add_years
from simulator.world import World

LEAVE_AT_18 = ("E5", "E6", "E7", "E8", "E17")
SUITABLE = ("U1", "D1", "B1", "E1", "T1", "K1", "C1", "Y1")
SUITABLE_W = (0.32, 0.22, 0.16, 0.1, 0.06, 0.06, 0.04, 0.04)
UNSUITABLE = ("S2", "W2", "V2", "X2", "B2", "U2")
EET = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5")
EET_W = (0.08, 0.02, 0.3, 0.05, 0.15, 0.05, 0.25, 0.1)
NEET = ("G4", "G5", "G6")


def leavers(careers: Careers) -> list[tuple]:
    """(child, 18th birthday, service end) for each care leaver."""
    out = []
    for c in careers.children:
        for per in c.periods:
            if per.short_break or per.end == NONE or per.reason not in LEAVE_AT_18:
                continue
            b18 = add_years(c.dob, 18)
            if per.end == b18:
                out.append((c, per, b18))
    return out


@dataclass
class CareLeaverRecords:
    """What the leaving-care service records, care leaver by care leaver."""

    # (idx, 18th birthday, service end, reason ceased at 18, 1 if supported to 25)
    leavers: list[tuple] = field(default_factory=list)
    # (idx, CONTACT_DATE, IN_TOUCH, ACTIV, ACCOM)
    contacts: list[tuple] = field(default_factory=list)
    # (idx, "PATHWAY_PLAN", PLAN_DATE)
    pathway_plans: list[tuple] = field(default_factory=list)
    # idx -> personal adviser allocations (WORKER_ID, START_DATE, END_DATE)
    allocations: dict[int, list[tuple]] = field(default_factory=dict)


def care_leaver_records(w: World, careers: Careers, workforce) -> CareLeaverRecords:
    p = w.profile
    records = CareLeaverRecords()
    truth, oc3, plans = records.leavers, records.contacts, records.pathway_plans
    allocs = records.allocations
    for c, per, b18 in leavers(careers):
        to25 = w.chance(p.care_leaver_to_25_share)
        until = add_years(c.dob, 25 if to25 else 21)
        truth.append((c.idx, b18, until, per.reason, int(to25)))
        if until < w.cutoff or b18 > w.end:
            continue
        staying_put_until = b18 + w.lognorm(400, 0.5) if per.reason == "E17" else b18
        eet = w.chance(p.care_leaver_eet)
        activ = w.pick(EET, EET_W) if eet else w.pick(NEET, (0.3, 0.55, 0.15))
        suitable = w.chance(p.care_leaver_suitable)
        accom = w.pick(SUITABLE, SUITABLE_W) if suitable else w.pick(UNSUITABLE)
        d = b18 + w.uniform_int(5, 40)
        while d < min(until, w.end + 1):
            if w.chance(0.15):
                eet = w.chance(p.care_leaver_eet)
                activ = w.pick(EET, EET_W) if eet else w.pick(NEET, (0.3, 0.55, 0.15))
            if w.chance(0.12):
                suitable = w.chance(p.care_leaver_suitable)
                accom = w.pick(SUITABLE, SUITABLE_W) if suitable else w.pick(UNSUITABLE)
            if d >= w.cutoff:
                if w.chance(p.care_leaver_in_touch):
                    acc = "Z1" if d < staying_put_until else accom
                    oc3.append((c.idx, d, "YES", activ, acc))
                else:
                    oc3.append((c.idx, d, w.pick(("NO", "REFU")), "0", "0"))
            d += w.lognorm(70, 0.35)
        d = add_months(b18, 1)
        while d < min(until, w.end + 1):
            if d >= w.cutoff:
                plans.append((c.idx, "PATHWAY_PLAN", d))
            d = add_months(d, 6) + (0 if w.chance(p.pathway_plan_on_time) else w.lognorm(20, 0.7))
        start = max(b18, w.cutoff - 30)
        end = until if until <= w.end else NONE
        allocs.setdefault(c.idx, []).extend(workforce.allocate("LC", start, end))
    return records
