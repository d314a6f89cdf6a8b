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

from simulator.care_episodes import Careers
from simulator.dates import from_day, to_day
from simulator.periods import in_window, period_stop
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


def _attendance_streams(w: World) -> tuple[random.Random, np.random.Generator]:
    """The attendance streams: their own, so tuning attendance moves nothing else
    (child ids and recording lags come from the main numpy stream afterwards)."""
    seeds = np.random.SeedSequence([int(w.opts.seed), int(w.opts.la_code), 1202])
    return random.Random(int(seeds.generate_state(1)[0])), np.random.default_rng(seeds.spawn(1)[0])


def virtual_school(w: World, careers: Careers) -> VirtualSchoolRecords:
    p = w.profile
    records = VirtualSchoolRecords()
    absence_stream, sessions_stream = _attendance_streams(w)
    returned: set[tuple] = set()  # one attendance return per child and term
    for child in careers.children:
        if absence_stream.random() < p.absence_prone_share:
            beta = 2.0 / p.absence_prone_mean_share - 2.0
            absence = min(0.9, absence_stream.betavariate(2.0, beta))
        else:
            absence = absence_stream.betavariate(1.5, 1.5 / p.absence_mean_share - 1.5)
        for period in child.periods:
            if not in_window(w, period):
                continue
            stop = min(period_stop(w, period), w.end + 1)
            start = max(period.start, w.cutoff)
            for year, term, term_start, term_end in terms(start, stop - 1):
                first, last = max(term_start, period.start), min(term_end, stop - 1)
                if last < first:
                    continue
                age = term_start - child.dob
                if 2 * 365 <= age < 18 * 365 and w.chance(p.pep_completion):
                    day = first + w.uniform_int(7, 40)
                    if day <= last:
                        records.peps.append((child.idx, year, term, day))
                school_year_age = from_day(term_start).year - from_day(child.dob).year
                compulsory = 5 <= school_year_age <= 16 and age >= 4 * 365
                if not compulsory or (child.idx, year, term) in returned:
                    continue
                returned.add((child.idx, year, term))
                share_of_term = (last - first + 1) / (term_end - term_start + 1)
                possible = max(2, round(TERM_SESSIONS[term] * share_of_term) // 2 * 2)
                # whole days missed: two sessions each
                missed = int(sessions_stream.binomial(possible // 2, absence)) * 2
                reduced = "1" if w.chance(p.reduced_timetable_share) else "0"
                records.attendance.append(
                    (child.idx, year, term, possible, missed, reduced, term_end)
                )
                records.exclusions.extend(_exclusions(w, child, first, last, share_of_term))
    return records


def _exclusions(w: World, child, first: int, last: int, share_of_term: float) -> list[tuple]:
    """Suspensions and permanent exclusions in one term (rates are per school year)."""
    p = w.profile
    rows = []
    if w.chance(p.suspension_share_per_year / 3 * share_of_term):
        day = w.uniform_int(first, last)
        if day % 7 not in (2, 3):  # not on a weekend (day 0 was Thursday)
            rows.append((child.idx, "SUSPENSION", day, w.uniform_int(1, 10)))
    if w.chance(p.permanent_exclusion_share_per_year / 3 * share_of_term):
        day = w.uniform_int(first, last)
        rows.append((child.idx, "PERMANENT", day, w.uniform_int(10, 60)))
    return rows
