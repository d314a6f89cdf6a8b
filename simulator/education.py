"""The Virtual School: PEPs each term, attendance, suspensions and exclusions.

Terms (approximate English school calendar): autumn 1 Sep - 20 Dec, spring
5 Jan - 31 Mar, summer 15 Apr - 20 Jul. A personal education plan each term
for children aged 2-18 in care (papers: PEP completion around 90%);
attendance per term for compulsory school age (5-16): each child has an
absence rate of their own, low for most and high for a minority, so that
overall absence is about 5-6% of sessions and about 13-16% of children miss
10% or more (papers: 4.1-6.5% and 11.7-16.6%); suspensions for about 12% of
school-age children in care a year (DfE about 11-13%).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import numpy as np

from simulator.care_episodes import Careers, in_window, period_stop
from simulator.dates import from_day, to_day
from simulator.world import World

TERM_SESSIONS = {"AUTUMN": 144, "SPRING": 116, "SUMMER": 120}


def terms(first: int, last: int) -> list[tuple[str, str, int, int]]:
    """(academic year, term, first day, last day) overlapping [first, last]."""
    out = []
    y0 = from_day(first).year - 1
    for y in range(y0, from_day(last).year + 1):
        ay = f"{y}/{(y + 1) % 100:02d}"
        for term, a, b in (
            ("AUTUMN", dt.date(y, 9, 1), dt.date(y, 12, 20)),
            ("SPRING", dt.date(y + 1, 1, 5), dt.date(y + 1, 3, 31)),
            ("SUMMER", dt.date(y + 1, 4, 15), dt.date(y + 1, 7, 20)),
        ):
            s, e = to_day(a), to_day(b)
            if e >= first and s <= last:
                out.append((ay, term, s, e))
    return out


@dataclass
class VirtualSchoolRecords:
    """Rows of the Virtual School's three returns, child by child."""

    # (idx, academic_year, term, pep_date)
    peps: list[tuple] = field(default_factory=list)
    # (idx, academic_year, term, sessions_possible, sessions_missed, reduced_timetable, term_end)
    attendance: list[tuple] = field(default_factory=list)
    # (idx, exclusion_type, start_date, sessions)
    exclusions: list[tuple] = field(default_factory=list)


def virtual_school(w: World, careers: Careers) -> VirtualSchoolRecords:
    p = w.profile
    records = VirtualSchoolRecords()
    peps, attendance, excl = records.peps, records.attendance, records.exclusions
    # attendance draws from streams of its own, so tuning it moves nothing else
    # (child ids and recording lags come from the main numpy stream afterwards)
    ss = np.random.SeedSequence([int(w.opts.seed), int(w.opts.la_code), 1202])
    r = random.Random(int(ss.generate_state(1)[0]))
    rng = np.random.default_rng(ss.spawn(1)[0])
    seen: set[tuple] = set()  # one attendance return per child and term
    for c in careers.children:
        if r.random() < p.absence_prone_share:
            absence = min(0.9, r.betavariate(2.0, 2.0 / p.absence_prone_mean_share - 2.0))
        else:
            absence = r.betavariate(1.5, 1.5 / p.absence_mean_share - 1.5)
        for per in c.periods:
            if not in_window(w, per):
                continue
            stop = min(period_stop(w, per), w.end + 1)
            start = max(per.start, w.cutoff)
            for ay, term, ts, te in terms(start, stop - 1):
                a0, a1 = max(ts, per.start), min(te, stop - 1)
                if a1 < a0:
                    continue
                age = ts - c.dob
                if 2 * 365 <= age < 18 * 365 and w.chance(p.pep_completion):
                    d = a0 + w.uniform_int(7, 40)
                    if d <= a1:
                        peps.append((c.idx, ay, term, d))
                sy_age = from_day(ts).year - from_day(c.dob).year
                if 5 <= sy_age <= 16 and age >= 4 * 365 and (c.idx, ay, term) not in seen:
                    seen.add((c.idx, ay, term))
                    frac = (a1 - a0 + 1) / (te - ts + 1)
                    possible = max(2, round(TERM_SESSIONS[term] * frac) // 2 * 2)
                    missed = int(rng.binomial(possible // 2, absence)) * 2
                    reduced = "1" if w.chance(p.reduced_timetable_share) else "0"
                    attendance.append((c.idx, ay, term, possible, missed, reduced, te))
                    if w.chance(p.suspension_share_per_year / 3 * frac):
                        d = w.uniform_int(a0, a1)
                        if d % 7 not in (2, 3):  # not on a weekend (day 0 was Thursday)
                            excl.append((c.idx, "SUSPENSION", d, w.uniform_int(1, 10)))
                    if w.chance(p.permanent_exclusion_share_per_year / 3 * frac):
                        d = w.uniform_int(a0, a1)
                        excl.append((c.idx, "PERMANENT", d, w.uniform_int(10, 60)))
    return records
