"""Permanence orders in the legal-status record, and long-term fostering matches.

What belongs here: the special guardianship orders (SGO) and child
arrangements orders (CAO) the case system records as legal statuses, and the
fostering panel's long-term matches of a child to a foster placement.

Orders: one for each period of care that ended with reason ceased E41 (CAO)
or E43-E48 (SGO), usually granted on the day the period ended, sometimes
days to weeks before it (the order is granted, the episode closed later);
plus orders granted to children who had left care earlier for another reason
(home E4A/E4B/E13, or E8): a relative applies for an SGO months later. The
papers count these by legal status (4.15, 6.6) apart from the periods ending
E41/E43-E48 (4.16), and the legal-status count is about twice the other
(2021/22: 85 against 42; Jul-Sep 2022: 5, 3, 4 against 0, 2, 2).

Matches: most foster placements confirmed as long-term (U6 -> U4, U3 -> U1,
same carers) follow a panel match on the day of the change; a few stable
foster placements are matched some months in without the placement type
changing. The local visiting standard (four-weekly until matched) reads them.

Draws come from a stream of their own, so adding these records leaves every
other record of the LA as it was.
"""

from __future__ import annotations

import random

import numpy as np

from simulator.care_episodes import Careers, Period
from simulator.dates import NONE, add_years
from simulator.world import World

SGO_REASONS = ("E43", "E44", "E45", "E46", "E47", "E48")
AFTER_LEAVING_REASONS = ("E4A", "E4B", "E13", "E8")
FOSTER = ("U1", "U2", "U3", "U4", "U5", "U6")
LONG_TERM = ("U1", "U4")
PLACED_FOR_ADOPTION = ("A3", "A4", "A5", "A6")


def stream(w: World) -> random.Random:
    ss = np.random.SeedSequence([int(w.opts.seed), int(w.opts.la_code), 903])
    return random.Random(int(ss.generate_state(1)[0]))


def _lognorm(r: random.Random, median: float, sigma: float) -> int:
    return max(1, round(median * float(np.exp(sigma * r.gauss(0.0, 1.0)))))


def legal_statuses(w: World, careers: Careers, r: random.Random) -> list[tuple]:
    """Rows (idx, period, ORDER_TYPE, ORDER_DATE, how): how = 'at_end',
    'before_end' (granted before the period was closed) or 'after_leaving'."""
    p = w.profile
    out: list[tuple] = []
    for c in careers.children:
        if c.short_break:
            continue
        b18 = add_years(c.dob, 18)
        for k, per in enumerate(c.periods):
            if per.short_break or per.end == NONE:
                continue
            if per.reason == "E41" or per.reason in SGO_REASONS:
                kind = "CAO" if per.reason == "E41" else "SGO"
                day, how = per.end, "at_end"
                if r.random() < p.order_before_period_end_share:
                    day = max(per.start + 1, per.end - r.randint(1, p.order_before_period_end_days))
                    how = "before_end"
                out.append((c.idx, k, kind, day, how))
            elif per.reason in AFTER_LEAVING_REASONS and r.random() < p.order_after_leaving_share:
                day = per.end + _lognorm(r, p.order_after_leaving_median_days, 0.6)
                nxt = c.periods[k + 1].start if k + 1 < len(c.periods) else NONE
                if day >= b18 or day > w.end or (nxt != NONE and day >= nxt):
                    continue
                kind = "CAO" if r.random() < p.order_after_leaving_cao_share else "SGO"
                out.append((c.idx, k, kind, day, "after_leaving"))
    return out


def _matches_in_period(w: World, per: Period, r: random.Random) -> list[tuple[int, str, int]]:
    """(match day, URN, carer) for one period of care."""
    p = w.profile
    out: list[tuple[int, str, int]] = []
    stop = w.end + 1 if per.end == NONE else per.end
    settled = [pl for pl in per.placements if not pl.place.startswith("T")]
    seen: set[int] = set()
    for i, pl in enumerate(settled):
        if pl.carer in seen or pl.place not in FOSTER or not pl.urn:
            continue
        seen.add(pl.carer)
        same = [q for q in settled[i:] if q.carer == pl.carer]
        conv = next((q for q in same if q.place in LONG_TERM), None)
        nxt = next((q.start for q in settled[i:] if q.carer != pl.carer), stop)
        if conv is not None and conv is not pl and pl.place not in LONG_TERM:
            # confirmed long-term: the panel's match is the day of the change
            if r.random() < p.match_share_confirmed:
                out.append((conv.start, pl.urn, pl.carer))
        elif nxt - pl.start > 365 and r.random() < p.match_share_stable:
            day = pl.start + r.randint(180, min(540, nxt - pl.start - 30))
            if day <= w.end:
                out.append((day, pl.urn, pl.carer))
    return out


def matches(w: World, careers: Careers, r: random.Random) -> list[tuple]:
    """Rows (idx, period, MATCH_DATE, URN, carer)."""
    out: list[tuple] = []
    for c in careers.children:
        for k, per in enumerate(c.periods):
            if per.short_break:
                continue
            for day, urn, carer in _matches_in_period(w, per, r):
                out.append((c.idx, k, day, urn, carer))
    return out


def permanent_from(careers: Careers, match_rows: list[tuple]) -> dict[tuple[int, int, int], int]:
    """(child idx, period, carer) -> the day the child was permanently matched
    to those carers or placed with them for adoption (visits fall back to the
    national minimum standard from then)."""
    out: dict[tuple[int, int, int], int] = {}
    for idx, k, day, _urn, carer in match_rows:
        key = (idx, k, carer)
        out[key] = min(day, out.get(key, day))
    for c in careers.children:
        for k, per in enumerate(c.periods):
            for pl in per.placements:
                if pl.place in PLACED_FOR_ADOPTION:
                    key = (c.idx, k, pl.carer)
                    out[key] = min(pl.start, out.get(key, pl.start))
    return out
