"""Missing episodes, youth offending service involvement, EHC plans, UASC.

Missing: most children in care never go missing; a minority of teenagers go
missing repeatedly (DfE: about 1 in 10 looked-after children had a missing
incident in a year, averaging about 6 incidents each). Youth offending
service: about 6% of children in care aged 10+ (DfE: ~4% convicted, more
known to the YOS). EHC plans: about 22% of school-age children in care (DfE
SEN in CLA statistics: 20-30%).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.care_episodes import Careers
from simulator.dates import NONE, add_years
from simulator.periods import Child, in_window, period_stop
from simulator.world import World


@dataclass
class RiskRecords:
    """Rows of the three risk tables, child by child."""

    missing: list[tuple] = field(default_factory=list)  # (idx, MISSING, MIS_START, MIS_END)
    flags: list[tuple] = field(default_factory=list)  # (idx, FLAG, START_DATE, END_DATE)
    uasc: list[tuple] = field(default_factory=list)  # (idx, DUC: 18th birthday)


def _missing_episodes(w: World, child: Child, start: int, stop: int) -> list[tuple]:
    """Missing (M) or away (A) episodes from `start` to `stop`, those from the cutoff."""
    p = w.profile
    prone = w.chance(p.missing_prone_share_teen)
    per_year = p.missing_episodes_per_year_prone if prone else p.missing_episodes_per_year_other
    rows = []
    day = start
    while True:
        day += max(1, round(w.py.expovariate(per_year / 365.25)))
        if day >= stop:
            break
        if day < w.cutoff:
            continue
        duration = 0 if w.chance(p.missing_same_day_share) else w.lognorm(2, 0.8)
        end = day + duration
        kind = "M" if w.chance(p.missing_not_away_share) else "A"
        rows.append((child.idx, kind, day, end if end <= w.end else NONE))
    return rows


def risk_records(w: World, careers: Careers) -> RiskRecords:
    p = w.profile
    records = RiskRecords()
    for child in careers.children:
        if child.uasc:
            records.uasc.append((child.idx, add_years(child.dob, 18)))
        ehcp_decided = False
        for period in child.periods:
            if not in_window(w, period):
                continue
            stop = period_stop(w, period)
            from_11 = max(period.start, child.dob + 11 * 365)
            if from_11 < stop:
                records.missing.extend(_missing_episodes(w, child, from_11, stop))
            from_10 = max(period.start, child.dob + 10 * 365)
            if from_10 < stop and w.chance(p.yos_share_10plus):
                day = w.uniform_int(from_10, stop - 1)
                end = day + w.lognorm(270, 0.5)
                records.flags.append((child.idx, "YOS", day, end if end <= w.end else NONE))
            age = period.start - child.dob
            if not ehcp_decided and 3 * 365 <= age < 17 * 365:
                ehcp_decided = True
                if w.chance(p.ehcp_share_school_age):
                    # a plan from age 3, often made before the child came into care
                    day = max(child.dob + 3 * 365, period.start - w.uniform_int(-200, 3 * 365))
                    records.flags.append((child.idx, "EHCP", day, NONE))
    return records
