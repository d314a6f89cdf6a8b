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
from simulator.profile import Profile
from simulator.workforce import Workforce
from simulator.world import World

# Reason ceased for staying with former foster carers at 18 ("staying put").
STAYING_PUT = "E17"


def leavers(careers: Careers, profile: Profile) -> list[tuple]:
    """(child, period, 18th birthday) for each care leaver: looked after until 18."""
    reasons_at_18 = {*profile.ceased_at_18.codes, STAYING_PUT}
    found = []
    for child in careers.children:
        for period in child.periods:
            if period.short_break or period.end == NONE or period.reason not in reasons_at_18:
                continue
            eighteenth = add_years(child.dob, 18)
            if period.end == eighteenth:
                found.append((child, period, eighteenth))
    return found


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


def _activity(w: World) -> str:
    p = w.profile
    in_education_or_work = w.chance(p.care_leaver_eet)
    return w.draw(p.eet_activity) if in_education_or_work else w.draw(p.neet_activity)


def _accommodation(w: World) -> str:
    p = w.profile
    suitable = w.chance(p.care_leaver_suitable)
    return w.draw(p.suitable_accommodation) if suitable else w.pick(p.unsuitable_accommodation)


def care_leaver_records(w: World, careers: Careers, workforce: Workforce) -> CareLeaverRecords:
    p = w.profile
    records = CareLeaverRecords()
    for child, period, eighteenth in leavers(careers, p):
        to_25 = w.chance(p.care_leaver_to_25_share)
        service_end = add_years(child.dob, 25 if to_25 else 21)
        records.leavers.append((child.idx, eighteenth, service_end, period.reason, int(to_25)))
        if service_end < w.cutoff or eighteenth > w.end:
            continue
        staying_put_until = eighteenth
        if period.reason == STAYING_PUT:
            staying_put_until += w.lognorm(400, 0.5)
        activity = _activity(w)
        accommodation = _accommodation(w)
        # contacts about every ten weeks
        day = eighteenth + w.uniform_int(5, 40)
        while day < min(service_end, w.end + 1):
            if w.chance(p.activity_change_share):
                activity = _activity(w)
            if w.chance(p.accommodation_change_share):
                accommodation = _accommodation(w)
            if day >= w.cutoff:
                if w.chance(p.care_leaver_in_touch):
                    # staying put: living with former foster carers (Z1)
                    living = "Z1" if day < staying_put_until else accommodation
                    records.contacts.append((child.idx, day, "YES", activity, living))
                else:
                    not_in_touch = w.pick(p.not_in_touch)
                    records.contacts.append((child.idx, day, not_in_touch, "0", "0"))
            day += w.lognorm(70, 0.35)
        # pathway plans reviewed every six months, some late
        day = add_months(eighteenth, 1)
        while day < min(service_end, w.end + 1):
            if day >= w.cutoff:
                records.pathway_plans.append((child.idx, "PATHWAY_PLAN", day))
            late_by = 0 if w.chance(p.pathway_plan_on_time) else w.lognorm(20, 0.7)
            day = add_months(day, 6) + late_by
        start = max(eighteenth, w.cutoff - 30)
        end = service_end if service_end <= w.end else NONE
        records.allocations.setdefault(child.idx, []).extend(workforce.allocate("LC", start, end))
    return records
