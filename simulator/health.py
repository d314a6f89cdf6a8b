"""Health: initial health assessments, review health assessments, dental checks.

IHA due within 20 working days of becoming looked after (papers: 60-85% in
time); RHA every 6 months under 5 and every 12 months from 5; dental checks
yearly (papers: health up to date 80-92%, dental 60-90%). Some appointments
are not attended (DNA) or declined by teenagers and are rebooked. Each
assessment is recorded by the nurse team (health extract) and, separately and
later, by the social worker (social care extract); see lag.py.
"""

from __future__ import annotations

from simulator.care_episodes import Careers, in_window, period_stop
from simulator.dates import add_working_days
from simulator.world import World


def assessments(w: World, careers: Careers) -> list[tuple]:
    """Rows (child idx, type, due, day, outcome), child by child."""
    p = w.profile
    out: list[tuple] = []
    for c in careers.children:
        for per in c.periods:
            if not in_window(w, per):
                continue
            stop = period_stop(w, per)
            if stop - per.start < 28:
                continue
            due = add_working_days(per.start, 20)
            if w.chance(p.iha_on_time):
                day = per.start + w.uniform_int(5, due - per.start)
            else:
                day = due + w.lognorm(20, 0.8)
            if day >= stop:
                continue
            out.append((c.idx, "IHA", due, day, "COMPLETED"))
            last = day
            while True:
                interval = 183 if last - c.dob < 5 * 365 else 365
                due = last + interval
                if w.chance(p.rha_late_share):
                    day = due + w.lognorm(p.rha_late_median_days, 0.8)
                else:
                    day = due - w.uniform_int(0, 45)
                if day >= stop:
                    break
                teen = day - c.dob >= 12 * 365
                if teen and w.chance(p.assessment_declined_teen):
                    out.append((c.idx, "RHA", due, day, "DECLINED"))
                    day = day + w.lognorm(60, 0.5)
                elif w.chance(p.assessment_dna):
                    out.append((c.idx, "RHA", due, day, "DNA"))
                    day = day + w.uniform_int(14, 40)
                if day >= stop:
                    break
                out.append((c.idx, "RHA", due, day, "COMPLETED"))
                last = day
            # dental: first check within months of entry, then yearly
            due = max(per.start + 90, c.dob + 365)
            while True:
                if w.chance(p.dental_late_share):
                    day = due + w.lognorm(p.dental_late_median_days, 0.8)
                else:
                    day = max(per.start + 7, due - w.uniform_int(0, 60))
                if day >= stop:
                    break
                if w.chance(p.assessment_dna):
                    out.append((c.idx, "DENTAL", due, day, "DNA"))
                    day += w.uniform_int(14, 40)
                    if day >= stop:
                        break
                out.append((c.idx, "DENTAL", due, day, "COMPLETED"))
                due = day + 365
    return out
