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

from simulator.care_episodes import Careers
from simulator.codes import TEMPORARY_PLACEMENTS
from simulator.dates import NONE, add_months, add_working_days
from simulator.periods import Child, Placement, in_window, period_stop
from simulator.world import World

NOT_MATCHED = 10**9  # a day after every simulated day
# Review participation code of children under 4 (too young to take part).
UNDER_4_REVIEW_CODE = "PN0"


def reviews_and_plans(w: World, careers: Careers) -> tuple[list[tuple], list[tuple]]:
    """Reviews (idx, due, REVIEW, REVIEW_CODE) and care or pathway plans
    (idx, PLAN_TYPE, PLAN_DATE) of children while looked after."""
    p = w.profile
    reviews: list[tuple] = []
    plans: list[tuple] = []
    for child in careers.children:
        pathway_plan_from = add_months(child.dob, 16 * 12 + 3)  # 16 years 3 months
        for period in child.periods:
            if not in_window(w, period):
                continue
            stop = period_stop(w, period)
            care_plan_day = add_working_days(period.start, 10)
            if care_plan_day < stop:
                plans.append((child.idx, "CARE_PLAN", care_plan_day))
            due = add_working_days(period.start, 20)
            held = 0
            while due < stop + 3650:
                if w.chance(p.review_on_time):
                    # on time: up to a fortnight early, never in the first days of care
                    day = due - min(w.uniform_int(0, 14), max(0, due - period.start - 5))
                else:
                    day = due + w.lognorm(10, 0.8)
                if day >= stop:
                    break
                if day - child.dob < 4 * 365:
                    code = UNDER_4_REVIEW_CODE
                else:
                    code = w.draw(p.review_participation)
                reviews.append((child.idx, due, day, code))
                kind = "PATHWAY_PLAN" if day >= pathway_plan_from else "CARE_PLAN"
                plans.append((child.idx, kind, day + w.uniform_int(0, 3)))
                held += 1
                due = add_months(day, 3) if held == 1 else add_months(day, 6)
    return reviews, plans


def _carers_changes(placements: list[Placement]) -> list[tuple[int, int]]:
    """(first day, carers) each time the child moves to new carers (temporary placements aside)."""
    changes: list[tuple[int, int]] = []
    for placement in placements:
        if placement.place in TEMPORARY_PLACEMENTS:
            continue
        if not changes or changes[-1][1] != placement.carer:
            changes.append((placement.start, placement.carer))
    return changes


def _visit_days(w: World, start: int, stop: int, permanent_day: int) -> list[tuple[int, int]]:
    """(due, day) of each visit to one placement from `start` until `stop`:
    within a week, then four-weekly until the child is permanently matched
    (`permanent_day`), then six-weekly in the placement's first year and
    twelve-weekly after."""
    p = w.profile
    days = []
    due = start + 7
    while True:
        if w.chance(p.visit_on_time):
            day = max(due - w.uniform_int(0, 10), start)
        else:
            day = due + w.lognorm(7, 0.8)
        if day >= stop:
            break
        days.append((due, day))
        if day >= permanent_day:
            due = day + (42 if day - start < 365 else 84)
        else:
            due = min(day + 28, permanent_day + 7)
    return days


def _worker_on(allocations: list[tuple], day: int) -> str:
    """The child's allocated worker on `day` ("" when none is)."""
    for worker, first, end in allocations:
        if first <= day and (end == NONE or day < end):
            return worker
    return ""


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
    rows: list[tuple] = []
    # sibling group -> (carers, visit days) of the first sibling's first placement
    shared_visits: dict[int, tuple[int, list[tuple[int, int]]]] = {}
    eldest: dict[int, int] = {}  # sibling group -> the child whose visits the others share
    for child in careers.children:
        if child.sibling_group >= 0:
            eldest.setdefault(child.sibling_group, child.idx)
    for child in careers.children:
        child_allocations = allocations.get(child.idx, [])
        for number, period in enumerate(child.periods):
            if not in_window(w, period):
                continue
            stop = period_stop(w, period)
            changes = _carers_changes(period.placements)
            for k, (start, carers) in enumerate(changes):
                end = changes[k + 1][0] if k + 1 < len(changes) else stop
                admitted_together = child.sibling_group >= 0 and number == 0 and k == 0
                joint = None
                leader = -1
                if admitted_together:
                    group = shared_visits.get(child.sibling_group)
                    if group is None:
                        shared_visits[child.sibling_group] = (carers, [])
                    elif group[0] == carers:
                        joint = group[1]
                if joint is not None:
                    leader = eldest[child.sibling_group]
                    days = [(due, day) for due, day in joint if start <= day < end]
                else:
                    permanent_day = permanent.get((child.idx, number, carers), NOT_MATCHED)
                    days = _visit_days(w, start, end, permanent_day)
                    group = shared_visits.get(child.sibling_group)
                    if admitted_together and group and group[0] == carers:
                        group[1].extend(days)
                rows.extend(_visit_rows(w, child, days, child_allocations, leader))
    return rows


def _visit_rows(
    w: World, child: Child, days: list[tuple[int, int]], allocations: list[tuple], leader: int
) -> list[tuple]:
    """Visits the case system holds: from the cutoff, by the allocated worker."""
    rows = []
    for due, day in days:
        if day < w.cutoff:
            continue
        worker = _worker_on(allocations, day)
        if not worker:
            continue
        aged_5 = day - child.dob >= 5 * 365
        seen_alone = "1" if aged_5 and w.chance(w.profile.seen_alone_share) else "0"
        rows.append((child.idx, due, day, seen_alone, worker, leader))
    return rows
