"""Health: initial health assessments, review health assessments, dental checks.

IHA due within 20 working days of becoming looked after (papers: 60-85% in
time); RHA every 6 months under 5 and every 12 months from 5; dental checks
yearly (papers: health up to date 80-92%, dental 60-90%). Some appointments
are not attended (DNA) or declined by teenagers and are rebooked. Each
assessment is recorded by the nurse team (health extract) and, separately and
later, by the social worker (social care extract); see lag.py.
"""

from __future__ import annotations

from simulator.care_episodes import Careers
from simulator.dates import add_working_days
from simulator.periods import Child, in_window, period_stop
from simulator.world import World


def assessments(w: World, careers: Careers) -> list[tuple]:
    """Rows (child idx, type, due, day, outcome), child by child."""
    rows: list[tuple] = []
    for child in careers.children:
        for period in child.periods:
            if not in_window(w, period):
                continue
            stop = period_stop(w, period)
            if stop - period.start < 28:  # no IHA for a stay shorter than its timescale
                continue
            health = _health_assessments(w, child, period.start, stop)
            if not health:  # the IHA would fall after the period: no dental checks either
                continue
            rows.extend(health)
            rows.extend(_dental_checks(w, child, period.start, stop))
    return rows


def _health_assessments(w: World, child: Child, start: int, stop: int) -> list[tuple]:
    """The IHA, then a review every 6 months under 5 and every 12 months from 5."""
    p = w.profile
    rows: list[tuple] = []
    due = add_working_days(start, 20)
    if w.chance(p.iha_on_time):
        day = start + w.uniform_int(5, due - start)
    else:
        day = due + w.lognorm(20, 0.8)
    if day >= stop:
        return rows
    rows.append((child.idx, "IHA", due, day, "COMPLETED"))
    last = day
    while True:
        due = last + (183 if last - child.dob < 5 * 365 else 365)
        if w.chance(p.rha_late_share):
            day = due + w.lognorm(p.rha_late_median_days, 0.8)
        else:
            day = due - w.uniform_int(0, 45)
        if day >= stop:
            break
        teenager = day - child.dob >= 12 * 365
        if teenager and w.chance(p.assessment_declined_teen):
            rows.append((child.idx, "RHA", due, day, "DECLINED"))
            day = day + w.lognorm(60, 0.5)
        elif w.chance(p.assessment_dna):
            rows.append((child.idx, "RHA", due, day, "DNA"))
            day = day + w.uniform_int(14, 40)
        if day >= stop:
            break
        rows.append((child.idx, "RHA", due, day, "COMPLETED"))
        last = day
    return rows


def _dental_checks(w: World, child: Child, start: int, stop: int) -> list[tuple]:
    """A first check within months of entry (from age 1), then yearly."""
    p = w.profile
    rows: list[tuple] = []
    due = max(start + 90, child.dob + 365)
    while True:
        if w.chance(p.dental_late_share):
            day = due + w.lognorm(p.dental_late_median_days, 0.8)
        else:
            day = max(start + 7, due - w.uniform_int(0, 60))
        if day >= stop:
            break
        if w.chance(p.assessment_dna):
            rows.append((child.idx, "DENTAL", due, day, "DNA"))
            day += w.uniform_int(14, 40)
            if day >= stop:
                break
        rows.append((child.idx, "DENTAL", due, day, "COMPLETED"))
        due = day + 365
    return rows
