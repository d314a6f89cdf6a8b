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

from simulator.care_episodes import Careers
from simulator.codes import (
    CAO_REASONS_CEASED,
    FOSTER_PLACEMENTS,
    ORDER_REASONS_CEASED,
    PLACED_FOR_ADOPTION,
    TEMPORARY_PLACEMENTS,
)
from simulator.dates import NONE, add_years
from simulator.periods import Period
from simulator.world import World

# Children who left care for these reasons may have an order granted later
# (home, E4A/E4B/E13, or any other reason, E8): a relative applies for an SGO.
AFTER_LEAVING_REASONS = ("E4A", "E4B", "E13", "E8")
# Long-term foster placements (U1 connected carers, U4 others).
LONG_TERM_FOSTER = ("U1", "U4")


def stream(w: World) -> random.Random:
    seeds = np.random.SeedSequence([int(w.opts.seed), int(w.opts.la_code), 903])
    return random.Random(int(seeds.generate_state(1)[0]))


def _lognorm(draws: random.Random, median: float, sigma: float) -> int:
    return max(1, round(median * float(np.exp(sigma * draws.gauss(0.0, 1.0)))))


def legal_statuses(w: World, careers: Careers, draws: random.Random) -> list[tuple]:
    """Rows (idx, period, ORDER_TYPE, ORDER_DATE, how): how = 'at_end',
    'before_end' (granted before the period was closed) or 'after_leaving'."""
    p = w.profile
    rows: list[tuple] = []
    for child in careers.children:
        if child.short_break:
            continue
        eighteenth = add_years(child.dob, 18)
        for number, period in enumerate(child.periods):
            if period.short_break or period.end == NONE:
                continue
            if period.reason in ORDER_REASONS_CEASED:
                kind = "CAO" if period.reason in CAO_REASONS_CEASED else "SGO"
                day, how = period.end, "at_end"
                if draws.random() < p.order_before_period_end_share:
                    earlier = draws.randint(1, p.order_before_period_end_days)
                    day = max(period.start + 1, period.end - earlier)
                    how = "before_end"
                rows.append((child.idx, number, kind, day, how))
            elif (
                period.reason in AFTER_LEAVING_REASONS
                and draws.random() < p.order_after_leaving_share
            ):
                day = period.end + _lognorm(draws, p.order_after_leaving_median_days, 0.6)
                is_last = number + 1 == len(child.periods)
                next_start = NONE if is_last else child.periods[number + 1].start
                if day >= eighteenth or day > w.end or (next_start != NONE and day >= next_start):
                    continue
                kind = "CAO" if draws.random() < p.order_after_leaving_cao_share else "SGO"
                rows.append((child.idx, number, kind, day, "after_leaving"))
    return rows


def _matches_in_period(w: World, period: Period, draws: random.Random) -> list[tuple]:
    """(match day, URN, carer) for one period of care."""
    p = w.profile
    found: list[tuple[int, str, int]] = []
    stop = w.end + 1 if period.end == NONE else period.end
    settled = [pl for pl in period.placements if pl.place not in TEMPORARY_PLACEMENTS]
    seen: set[int] = set()
    for i, placement in enumerate(settled):
        if placement.carer in seen or placement.place not in FOSTER_PLACEMENTS:
            continue
        if not placement.urn:
            continue
        seen.add(placement.carer)
        same_carers = [later for later in settled[i:] if later.carer == placement.carer]
        confirmed = next((pl for pl in same_carers if pl.place in LONG_TERM_FOSTER), None)
        moved_on = next((pl.start for pl in settled[i:] if pl.carer != placement.carer), stop)
        if (
            confirmed is not None
            and confirmed is not placement
            and placement.place not in LONG_TERM_FOSTER
        ):
            # confirmed long-term: the panel's match is the day of the change
            if draws.random() < p.match_share_confirmed:
                found.append((confirmed.start, placement.urn, placement.carer))
        elif moved_on - placement.start > 365 and draws.random() < p.match_share_stable:
            day = placement.start + draws.randint(180, min(540, moved_on - placement.start - 30))
            if day <= w.end:
                found.append((day, placement.urn, placement.carer))
    return found


def matches(w: World, careers: Careers, draws: random.Random) -> list[tuple]:
    """Rows (idx, period, MATCH_DATE, URN, carer)."""
    rows: list[tuple] = []
    for child in careers.children:
        for number, period in enumerate(child.periods):
            if period.short_break:
                continue
            for day, urn, carer in _matches_in_period(w, period, draws):
                rows.append((child.idx, number, day, urn, carer))
    return rows


def permanent_from(careers: Careers, match_rows: list[tuple]) -> dict[tuple[int, int, int], int]:
    """(child idx, period, carer) -> the day the child was permanently matched
    to those carers or placed with them for adoption (visits fall back to the
    national minimum standard from then)."""
    first_day: dict[tuple[int, int, int], int] = {}
    for idx, number, day, _urn, carer in match_rows:
        key = (idx, number, carer)
        first_day[key] = min(day, first_day.get(key, day))
    for child in careers.children:
        for number, period in enumerate(child.periods):
            for placement in period.placements:
                if placement.place in PLACED_FOR_ADOPTION:
                    key = (child.idx, number, placement.carer)
                    first_day[key] = min(placement.start, first_day.get(key, placement.start))
    return first_day
