"""Age rules on episodes: a start or an ending that the child's age rules out.

Ages come from the header's date of birth at the episode's start or end; each
rule guards a count of starters or leavers by reason that only makes sense
for a child of that age.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.ssda903.rules.helpers import age_at, index_of, with_dob
from dagster_project.ssda903.rules.registry import QUARANTINE, YearReturn, rule

ADOPTED = ("E11", "E12")
SPECIAL_GUARDIANSHIP = ("E45", "E46", "E47", "E48")
ADULT_SOCIAL_CARE = ("E7",)
INDEPENDENT_LIVING = ("E5", "E6")


def _episodes_with_age(ret: YearReturn, on: str) -> tuple[pd.DataFrame, pd.Series]:
    eps = ret.tables["episodes"]
    return eps, age_at(with_dob(eps, ret.tables["header"]), eps[on])


@rule(
    "386",
    "episodes",
    ("REC",),
    "Reason episode ceased is adopted but child has reached age 18.",
    "Adoptions (A1, A2, A10, adopted share of leavers) count only children, adopted before 18.",
)
def adopted_at_18(ret: YearReturn) -> pd.Index:
    eps, age = _episodes_with_age(ret, "DEC")
    return index_of(eps["REC"].isin(ADOPTED) & (age >= 18))


@rule(
    "389",
    "episodes",
    ("REC",),
    "Reason episode ceased is that child transferred to care of adult social care services, "
    "but child is aged under 16.",
    "Leavers by reason (transfer to adult services) must be young people of an age to go.",
)
def adult_services_under_16(ret: YearReturn) -> pd.Index:
    eps, age = _episodes_with_age(ret, "DEC")
    return index_of(eps["REC"].isin(ADULT_SOCIAL_CARE) & (age < 16))


@rule(
    "407",
    "episodes",
    ("REC",),
    "Reason episode ceased is special guardianship order, but child has reached age 18.",
    "SGO leavers (the permanence share of leavers) count only children.",
)
def sgo_at_18(ret: YearReturn) -> pd.Index:
    eps, age = _episodes_with_age(ret, "DEC")
    return index_of(eps["REC"].isin(SPECIAL_GUARDIANSHIP) & (age >= 18))


@rule(
    "387",
    "episodes",
    ("REC",),
    "Reason episode ceased is child moved into independent living, but the child is aged under 14.",
    "Leavers to independent living are counted as older young people; a "
    "child under 14 there is a miscoded reason.",
)
def independent_living_under_14(ret: YearReturn) -> pd.Index:
    eps, age = _episodes_with_age(ret, "DEC")
    return index_of(eps["REC"].isin(INDEPENDENT_LIVING) & (age < 14))


@rule(
    "352",
    "episodes",
    ("DECOM", "RNE"),
    "Child who started to be looked after was aged 18 or over.",
    "Starters are children; a start at 18 or over is a wrong date of birth or episode.",
    severity=QUARANTINE,
)
def started_aged_18(ret: YearReturn) -> pd.Index:
    eps, age = _episodes_with_age(ret, "DECOM")
    return index_of((eps["RNE"] == "S") & (age >= 18))


@rule(
    "302",
    "episodes",
    ("DECOM",),
    "First episode starts before child was born.",
    "An episode before birth makes the age at entry negative and the period of care too long.",
    severity=QUARANTINE,
)
def starts_before_birth(ret: YearReturn) -> pd.Index:
    eps = ret.tables["episodes"]
    return index_of(eps["DECOM"] < with_dob(eps, ret.tables["header"]))
