"""Statutory reviews, care and pathway plans, and statutory visits.

Reviews: first within 20 working days of entering care, second within 3
months, then every 6 months. Visits follow the local standard (seed 004
L845): within a week of each new placement, then every 4 weeks until the
child is permanently matched to the placement (a long-term fostering match)
or placed there for adoption; from then the national minimum standard: every
6 weeks in the placement's first year, every 12 weeks after. Each is done
on time at the profile's rate (papers: reviews 85-98%, visits 90-98% in
time) and otherwise late by days to weeks.
Plans: a care plan agreed at entry and at each review; from 16 years 3 months
a pathway plan instead (care leavers' pathway plans are in care_leavers).
Siblings placed together are visited together: their visit dates are shared.
"""

from __future__ import annotations

from simulator.care_episodes import Careers, Period
from simulator.dates import NONE, add_months, add_working_days, add_years
from simulator.world import World

NOT_MATCHED = 10**9  # a day after every simulated day
REVIEW_CODES = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
REVIEW_CODE_W = (0.45, 0.15, 0.12, 0.1, 0.08, 0.05, 0.05)


def in_window(w: World, per: Period) -> bool:
    return not per.short_break and (per.end == NONE or per.end >= w.cutoff)


def period_stop(w: World, per: Period) -> int:
    return w.end + 1 if per.end == NONE else per.end


def reviews_and_plans(w: World, careers: Careers) -> tuple[list[tuple], list[tuple]]:
    """Reviews (idx, due, REVIEW, REVIEW_CODE) and care or pathway plans
    (idx, PLAN_TYPE, PLAN_DATE) of children while looked after."""
    p = w.profile
    reviews: list[tuple] = []
    plans: list[tuple] = []
    for c in careers.children:
        pathway_from = add_months(c.dob, 16 * 12 + 3)
        for per in c.periods:
            if not in_window(w, per):
                continue
            stop = period_stop(w, per)
            plan_day = add_working_days(per.start, 10)
            if plan_day < stop:
                plans.append((c.idx, "CARE_PLAN", plan_day))
            due = add_working_days(per.start, 20)
            n = 0
            while due < stop + 3650:
                if w.chance(p.review_on_time):
                    day = due - min(w.uniform_int(0, 14), max(0, due - per.start - 5))
                else:
                    day = due + w.lognorm(10, 0.8)
                if day >= stop:
                    break
                age = day - c.dob
                code = "PN0" if age < 4 * 365 else w.pick(REVIEW_CODES, REVIEW_CODE_W)
                reviews.append((c.idx, due, day, code))
                kind = "PATHWAY_PLAN" if day >= pathway_from else "CARE_PLAN"
                plans.append((c.idx, kind, day + w.uniform_int(0, 3)))
                n += 1
                due = add_months(day, 3) if n == 1 else add_months(day, 6)
    return reviews, plans


def visits(
    w: World,
    careers: Careers,
    allocations: dict,
    permanent: dict[tuple[int, int, int], int] | None = None,
) -> list[tuple]:
    """Rows (child idx, due, day, seen_alone, worker, joint_leader).

    `permanent`: (child, period, carer) -> the day the child was permanently
    matched to those carers or placed with them for adoption. Until then the
    local standard applies (every 4 weeks); a visit follows within a week of
    the match, then the national minimum standard."""
    permanent = permanent or {}
    p = w.profile
    out: list[tuple] = []
    shared: dict[int, tuple[int, list[int]]] = {}  # sibling group -> (carer, visit days)
    leaders: dict[int, int] = {}
    for c in careers.children:
        if c.sibling_group >= 0:
            leaders.setdefault(c.sibling_group, c.idx)
    for c in careers.children:
        allocs = allocations.get(c.idx, [])
        for pi, per in enumerate(c.periods):
            if not in_window(w, per):
                continue
            stop = period_stop(w, per)
            # placements with new carers start a new visiting schedule
            starts = []
            for pl in per.placements:
                if pl.place.startswith("T"):
                    continue
                if not starts or starts[-1][1] != pl.carer:
                    starts.append((pl.start, pl.carer))
            for k, (pstart, carer) in enumerate(starts):
                pend = starts[k + 1][0] if k + 1 < len(starts) else stop
                joint = None
                leader = -1
                if c.sibling_group >= 0 and pi == 0 and k == 0:
                    g = shared.get(c.sibling_group)
                    if g is None:
                        shared[c.sibling_group] = (carer, [])
                    elif g[0] == carer:
                        joint = g[1]
                if joint is not None:
                    leader = leaders[c.sibling_group]
                    days = [(d0, d) for d0, d in joint if pstart <= d < pend]
                else:
                    days = []
                    due = pstart + 7
                    perm = permanent.get((c.idx, pi, carer), NOT_MATCHED)
                    while True:
                        if w.chance(p.visit_on_time):
                            d = max(due - w.uniform_int(0, 10), pstart)
                        else:
                            d = due + w.lognorm(7, 0.8)
                        if d >= pend:
                            break
                        days.append((due, d))
                        if d >= perm:
                            due = d + (42 if d - pstart < 365 else 84)
                        else:
                            due = min(d + 28, perm + 7)
                    g = shared.get(c.sibling_group)
                    if c.sibling_group >= 0 and pi == 0 and k == 0 and g and g[0] == carer:
                        g[1].extend(days)
                for due, d in days:
                    if d < w.cutoff:
                        continue
                    worker = ""
                    for wid, a0, a1 in allocs:
                        if a0 <= d and (a1 == NONE or d < a1):
                            worker = wid
                            break
                    if not worker:
                        continue
                    alone = "1" if d - c.dob >= 5 * 365 and w.chance(0.7) else "0"
                    out.append((c.idx, due, d, alone, worker, leader))
    return out


def pathway_from(dob: int) -> int:
    return add_years(dob, 16) + 91
