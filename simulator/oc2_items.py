"""The OC2 items the case system's health records do not hold (903 only).

The 903's OC2 table (children looked after for 12 months at 31 March) takes
HEALTH_ASSESSMENT and TEETH_CHECK from the simulated health assessments
(simulator/ssda903_writer.py). Everything else on it is drawn here, child by
child and year by year: immunisations up to date, the health promotion
(development) check of the under-5s, the SDQ score or the reason there is
none, substance misuse (and whether an intervention was received or offered
and refused), and convictions.

Rates are the DfE's national figures, from "Children looked after in England:
outcomes" (`reference_data/dfe/la_conviction_health_outcome_cla.csv`,
geographic_level National, years ending 31 March 2024 and 2025); each rate
below says which row, and an assumption says so.

Which items a child has follows the DfE's per-year validation rules (the
public descriptions in data-to-insight/csc-validator-be-903), so a clean
simulated council breaks none of them:
- IMMUNISATIONS and SUBSTANCE_MISUSE for every cohort child (rule 191; all
  items 0 or 1, rule 181);
- HEALTH_CHECK only for children under 5 at 31 March, and always for them
  (rules 545, 546);
- CONVICTED only for children aged 10 or over at 31 March (rule 542);
- INTERVENTION_RECEIVED only when SUBSTANCE_MISUSE is 1, and then always
  (rules 192, 193); INTERVENTION_OFFERED only when none was received, and
  then always (rules 158, 159);
- an SDQ score (0-40, rule 180) or a reason for none (SDQ1-SDQ5, rule 196),
  never both (197a), for children aged 4 or over at 31 March and under 17
  on 1 April (rules 186, 188, 189, 197B); reason SDQ1 ("aged under 4 or over
  16 at the latest assessment") only for a child who turned 4 or 17 in the
  year (rule 157).

Draws come from a stream of their own, seeded by the run's seed, the LA and
the child and year, so the same child-year gets the same items on every
extract night and in both the CSV and the XML form, and nothing else in the
run moves.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from dagster_project.ssda903.collection_year import CollectionYear

# The stream's own key, after the LA's (world.py) and the other modules' own
# streams (903 permanence, 1201-1203 workforce/attendance/fostering, 7000+ backlogs).
STREAM = 2002

# DfE national, "Had their immunisations up to date" of all children looked
# after 12 months: 48,820/59,370 = 82% (2024), 49,160/58,530 = 84% (2025).
IMMUNISED = 0.83
# DfE national, "Development assessments up to date" of ages 0 to 4:
# 5,930/6,760 = 88% (2024), 5,580/6,360 = 88% (2025).
HEALTH_CHECKED = 0.88
# DfE national, "SDQ score was received" of ages 5 to 16: 33,480/43,510 =
# 77% (2024), 33,790/43,220 = 78% (2025).
SDQ_RECEIVED = 0.78
# SDQ total difficulties score: a child's own level plus a year-to-year
# change, rounded to 0-40. Mean 14.6 and spread 9 (7.5 the child's, 5 the
# year's) give an average of 14.8 and 45% normal (0-13), 13% borderline
# (14-16), 42% a cause for concern (17+): the DfE's 14.7/46/13/41 (2024) and
# 14.9/45/13/42 (2025), "Ages 5 to 16 years with SDQ score". The split of the
# spread between child and year is an assumption (scores track a child).
SDQ_MEAN = 14.6
SDQ_CHILD_SD = 7.5
SDQ_YEAR_SD = 5.0
SDQ_MAX = 40
# Why a child of SDQ age has no score (SDQ2 carer refused, SDQ3 not possible
# due to the severity of a disability, SDQ4 other, SDQ5 the child refused):
# the DfE does not publish the reasons, so this mix is an assumption.
SDQ_REASONS = (("SDQ2", 0.15), ("SDQ3", 0.20), ("SDQ4", 0.45), ("SDQ5", 0.20))
# Substance misuse: DfE national "Identified as having a substance misuse
# problem" of all ages: 1,610/59,370 = 2.7% (2024), 1,780/58,530 = 3.0%
# (2025). Drawn only for children aged 10 or over (an assumption: younger
# children are rarely identified), who are 70% of the cohort (ages 10 to 17:
# 41,530/59,370 in 2024, 40,990/58,530 in 2025), so 2.9% / 0.70.
SUBSTANCE_MISUSE_10_PLUS = 0.041
# Of those, "Received an intervention": 620/1,610 = 39% (2024), 740/1,780 =
# 42% (2025); "Offered intervention but refused it": 680/1,610 = 42% (2024),
# 790/1,780 = 44% (2025); the rest were offered none.
INTERVENTION_RECEIVED = 0.40
INTERVENTION_REFUSED = 0.43
# DfE national, "Convicted or subject to youth cautions, or youth conditional
# cautions during the year" of ages 10 to 17: 930/41,530 = 2.2% (2024),
# 800/40,990 = 2.0% (2025).
CONVICTED = 0.021

# The DfE's age bounds (rules 542, 545/546, 188/189/197B).
CONVICTION_AGE = 10
HEALTH_CHECK_UNDER = 5
SDQ_FROM, SDQ_UNDER = 4, 17

ITEMS = (
    "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
    "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
)  # fmt: skip


def _flag(yes: bool) -> str:
    return "1" if yes else "0"


def _birthday(dob: pd.Timestamp, age: int) -> pd.Timestamp:
    # the rules' own arithmetic (a 29 February birthday falls on 28 February)
    return dob + pd.DateOffset(years=age)


def _share_of_year(start: pd.Timestamp, end: pd.Timestamp, year: CollectionYear) -> float:
    return max(0, (end - start).days) / (year.end - year.start).days


class Oc2Items:
    """The drawn OC2 items of a child in a year, the same every time they are asked."""

    def __init__(self, seed: int, la_code: str) -> None:
        self.seed = int(seed)
        self.la_code = int(la_code)
        self._cache: dict[tuple[str, int], dict[str, str]] = {}

    def _rng(self, *key: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, self.la_code, STREAM, *key])

    def items(self, child: str, dob: pd.Timestamp, year: CollectionYear) -> dict[str, str]:
        key = (child, year.end_year)
        if key not in self._cache:
            self._cache[key] = self._draw(child, dob, year)
        return self._cache[key]

    def frame(self, children: list[str], dobs: list, year: CollectionYear) -> pd.DataFrame:
        rows = [self.items(c, d, year) for c, d in zip(children, dobs, strict=True)]
        return pd.DataFrame(rows, columns=list(ITEMS), dtype=object)

    def _draw(self, child: str, dob: pd.Timestamp, year: CollectionYear) -> dict[str, str]:
        child_key = zlib.crc32(child.encode())
        # a fixed number of draws, in a fixed order: each item's value does not
        # depend on which of the others the child's age asks for
        u = self._rng(child_key, year.end_year).random(8)
        year_change = float(self._rng(child_key, year.end_year, 1).standard_normal())
        child_level = float(self._rng(child_key).standard_normal())
        out = dict.fromkeys(ITEMS, "")
        out["IMMUNISATIONS"] = _flag(u[0] < IMMUNISED)
        if pd.isna(dob):
            # no usable date of birth: the age-bound items stay blank
            out["SUBSTANCE_MISUSE"] = "0"
            return out
        ten = _birthday(dob, CONVICTION_AGE) <= year.end
        misuse = ten and u[1] < SUBSTANCE_MISUSE_10_PLUS
        out["SUBSTANCE_MISUSE"] = _flag(misuse)
        if misuse:
            received = u[2] < INTERVENTION_RECEIVED
            out["INTERVENTION_RECEIVED"] = _flag(received)
            if not received:
                refused = u[2] < INTERVENTION_RECEIVED + INTERVENTION_REFUSED
                out["INTERVENTION_OFFERED"] = _flag(refused)
        if ten:
            out["CONVICTED"] = _flag(u[3] < CONVICTED)
        if _birthday(dob, HEALTH_CHECK_UNDER) > year.end:
            out["HEALTH_CHECK"] = _flag(u[4] < HEALTH_CHECKED)
        fourth, seventeenth = _birthday(dob, SDQ_FROM), _birthday(dob, SDQ_UNDER)
        if fourth <= year.end and seventeenth > year.start:
            # a child who turned 4 (or 17) in the year was under 4 (over 16)
            # at an assessment dated before (after) the birthday: SDQ1
            too_young_or_old = 0.0
            if fourth > year.start:
                too_young_or_old = _share_of_year(year.start, fourth, year)
            elif seventeenth <= year.end:
                too_young_or_old = _share_of_year(seventeenth, year.end, year)
            if u[5] < too_young_or_old:
                out["SDQ_REASON"] = "SDQ1"
            elif u[6] < SDQ_RECEIVED:
                score = SDQ_MEAN + SDQ_CHILD_SD * child_level + SDQ_YEAR_SD * year_change
                out["SDQ_SCORE"] = str(int(min(SDQ_MAX, max(0, round(score)))))
            else:
                out["SDQ_REASON"] = _reason(u[7])
        return out


def _reason(u: float) -> str:
    total = 0.0
    for code, share in SDQ_REASONS:
        total += share
        if u < total:
            return code
    return SDQ_REASONS[-1][0]
