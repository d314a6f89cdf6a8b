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

from simulator.care_episodes import Careers, in_window, period_stop
from simulator.dates import NONE, add_years
from simulator.world import World


@dataclass
class RiskRecords:
    """Rows of the three risk tables, child by child."""

    missing: list[tuple] = field(default_factory=list)  # (idx, MISSING, MIS_START, MIS_END)
    flags: list[tuple] = field(default_factory=list)  # (idx, FLAG, START_DATE, END_DATE)
    uasc: list[tuple] = field(default_factory=list)  # (idx, DUC: 18th birthday)


def risk_records(w: World, careers: Careers) -> RiskRecords:
    p = w.profile
    records = RiskRecords()
    missing, flags, uasc = records.missing, records.flags, records.uasc
    for c in careers.children:
        if c.uasc:
            uasc.append((c.idx, add_years(c.dob, 18)))
        ehcp_done = False
        for per in c.periods:
            if not in_window(w, per):
                continue
            stop = period_stop(w, per)
            s = max(per.start, c.dob + 11 * 365)
            if s < stop:
                prone = w.chance(p.missing_prone_share_teen)
                rate = p.missing_episodes_per_year_prone if prone else 0.08
                d = s
                while True:
                    d += max(1, round(w.py.expovariate(rate / 365.25)))
                    if d >= stop:
                        break
                    if d < w.cutoff:
                        continue
                    dur = 0 if w.chance(0.4) else w.lognorm(2, 0.8)
                    end = d + dur
                    kind = "M" if w.chance(0.8) else "A"
                    missing.append((c.idx, kind, d, end if end <= w.end else NONE))
            s = max(per.start, c.dob + 10 * 365)
            if s < stop and w.chance(p.yos_share_10plus):
                d = w.uniform_int(s, stop - 1)
                end = d + w.lognorm(270, 0.5)
                flags.append((c.idx, "YOS", d, end if end <= w.end else NONE))
            age = per.start - c.dob
            if not ehcp_done and 3 * 365 <= age < 17 * 365:
                ehcp_done = True
                if w.chance(p.ehcp_share_school_age):
                    d = max(c.dob + 3 * 365, per.start - w.uniform_int(-200, 3 * 365))
                    flags.append((c.idx, "EHCP", d, NONE))
    return records
