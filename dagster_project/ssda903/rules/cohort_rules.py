"""Cohort rules: OC2 and OC3 records belong to the children the episodes say.

OC2 (health, dental, immunisations, SDQ) is for children looked after
continuously for 12 months at 31 March; OC3 (care leavers' activity and
accommodation) is for young people who have left care. A record outside its
cohort inflates the denominator; a cohort member without one deflates it.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.ssda903.rules.helpers import index_of, looked_after_12_months
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
    "Care leaver information is not required for 17- or 18-year olds who are still looked after.",
    "Care leavers aged 17-18 are those who have left care; a young person still "
    "looked after at 31 March is not one.",
    checked=False,
)
def oc3_still_looked_after(ret: YearReturn) -> pd.Index:
    eps = ret.tables["episodes"]
    open_at_end = (eps["DECOM"] <= ret.year.end) & (eps["DEC"].isna() | (eps["DEC"] > ret.year.end))
    oc3 = ret.tables["oc3"]
    return index_of(oc3["CHILD"].isin(set(eps.loc[open_at_end, "CHILD"])))
