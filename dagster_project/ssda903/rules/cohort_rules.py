"""Cohort rules: OC2 and OC3 records belong to the children the episodes say.

OC2 (health, dental, immunisations, SDQ) is for children looked after
continuously for 12 months at 31 March; OC3 (care leavers' activity and
accommodation) is for young people who have left care. A record outside its
cohort inflates the denominator; a cohort member without one deflates it.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.ssda903.rules.helpers import (
    age_at,
    index_of,
    looked_after_12_months,
    with_dob,
)
from dagster_project.ssda903.rules.registry import YearReturn, rule

_OC2_ITEMS = (
    "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
)  # fmt: skip
# The items every child in the OC2 cohort must have (rule 191).
_OC2_REQUIRED = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")


def _cla_12_months(ret: YearReturn) -> set[str]:
    return looked_after_12_months(ret.tables["episodes"], ret.year.end)


@rule(
    "190",
    "oc2",
    _OC2_ITEMS,
    "Child has not been looked after continuously for at least 12 months at 31 March but "
    "OC2 items have been completed.",
    "The OC2 health and dental percentages divide by the 12-month cohort; records for other "
    "children inflate the numerators.",
)
def oc2_outside_cohort(ret: YearReturn) -> pd.Index:
    oc2 = ret.tables["oc2"]
    completed = oc2[list(_OC2_ITEMS)].notna().any(axis=1)
    return index_of(completed & ~oc2["CHILD"].isin(_cla_12_months(ret)))


@rule(
    "191",
    "oc2",
    _OC2_REQUIRED,
    "Child has been looked after continuously for at least 12 months at 31 March but OC2 "
    "items have been left blank.",
    "A cohort child with blank health items counts as not assessed, lowering the health and "
    "dental figures.",
)
def oc2_items_blank(ret: YearReturn) -> pd.Index:
    oc2 = ret.tables["oc2"]
    blank = oc2[list(_OC2_REQUIRED)].isna().any(axis=1)
    return index_of(blank & oc2["CHILD"].isin(_cla_12_months(ret)))


@rule(
    "187",
    "oc3",
    ("IN_TOUCH", "ACTIV", "ACCOM"),
    "Child cannot be looked after continuously for 12 months at 31 March (OC2) and have the "
    "adoption or care leavers returns completed.",
    "A child still in care counted as a care leaver enters the care-leaver activity and "
    "accommodation figures twice over.",
)
def oc3_for_child_in_care(ret: YearReturn) -> pd.Index:
    oc3 = ret.tables["oc3"]
    return index_of(oc3["CHILD"].isin(_cla_12_months(ret)))


@rule(
    "1007",
    "oc3",
    ("IN_TOUCH", "ACTIV", "ACCOM"),
    "Care leaver information is not required for 17- or 18-year olds who are still looked "
    "after on their 17th or 18th birthday.",
    "Care leavers aged 17-18 are those who had left care by their birthday; a young person "
    "looked after on it is not one.",
)
def oc3_still_looked_after(ret: YearReturn) -> pd.Index:
    oc3 = ret.tables["oc3"]
    dob = oc3["DOB"].fillna(with_dob(oc3, ret.tables["header"]))
    age = age_at(dob, ret.year.end)
    # the birthday (17th or 18th) that fell in the 12 months to 31 March
    birthday = pd.Series(
        [
            d + pd.DateOffset(years=int(a)) if pd.notna(d) and pd.notna(a) else pd.NaT
            for d, a in zip(dob, age, strict=True)
        ],
        index=oc3.index,
        dtype="datetime64[ns]",
    )
    # an episode still open on the birthday counts as in care (the validator's
    # code needs a DEC after the birthday, so misses a young person still in care)
    eps = ret.tables["episodes"][["CHILD", "DECOM", "DEC"]]
    joined = oc3.assign(BIRTHDAY=birthday).reset_index().merge(eps, on="CHILD")
    in_care = (joined["DECOM"] <= joined["BIRTHDAY"]) & (
        joined["DEC"].isna() | (joined["DEC"] > joined["BIRTHDAY"])
    )
    flagged = set(joined.loc[in_care, "index"])
    cohort = age.between(17, 18)
    return oc3.index[cohort & oc3.index.isin(flagged)]
