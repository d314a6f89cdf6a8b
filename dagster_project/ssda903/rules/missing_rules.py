"""Missing and away-from-placement rules: dates, overlaps, and missing outside care.

The children-missing indicators count children with a missing or absent
episode in a month while looked after; a period with reversed dates, one
that overlaps another, or one outside any period of care counts wrongly.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.ssda903.rules.helpers import index_of, ordered_episodes, with_dob
from dagster_project.ssda903.rules.registry import QUARANTINE, YearReturn, rule

# The DfE's "any other reason" ending, which a child missing at the end of
# care must have (rule 580).
MISSING_AT_END_REASON = "E8"


def _last_episodes(ret: YearReturn) -> pd.DataFrame:
    eps = ordered_episodes(ret.tables["episodes"])
    return eps[eps["IS_LAST"]].set_index("CHILD")


@rule(
    "567",
    "missing",
    ("MIS_START", "MIS_END"),
    "The date the missing or away episode ended is before the date it started.",
    "A reversed missing period falls in no month, so the child is missed by the count.",
    severity=QUARANTINE,
)
def missing_ends_before_start(ret: YearReturn) -> pd.Index:
    mis = ret.tables["missing"]
    return index_of(mis["MIS_END"] < mis["MIS_START"])


@rule(
    "570",
    "missing",
    ("MIS_START",),
    "The date the child started to be missing or away is after the end of the collection year.",
    "A missing period starting after 31 March belongs to next year's figures.",
    severity=QUARANTINE,
)
def missing_starts_after_year(ret: YearReturn) -> pd.Index:
    return index_of(ret.tables["missing"]["MIS_START"] > ret.year.end)


@rule(
    "571",
    "missing",
    ("MIS_END",),
    "The date the child ceased to be missing or away is before the start or after the end of "
    "the collection year.",
    "A period that ended before the year began is last year's; one ending after 31 March is "
    "still open at the year end.",
)
def missing_ends_outside_year(ret: YearReturn) -> pd.Index:
    end = ret.tables["missing"]["MIS_END"]
    return index_of((end < ret.year.start) | (end > ret.year.end))


@rule(
    "574",
    "missing",
    ("MIS_START", "MIS_END"),
    "A new missing or away period cannot start while the previous one is still open; periods "
    "should not overlap.",
    "Overlapping periods count one absence twice (episodes of missing per child).",
)
def missing_overlap(ret: YearReturn) -> pd.Index:
    mis = ret.tables["missing"]
    mis = mis[mis["MIS_START"].notna()].sort_values(["CHILD", "MIS_START"], kind="stable")
    prev_end = mis.groupby("CHILD")["MIS_END"].shift(1)
    has_prev = mis.groupby("CHILD").cumcount() > 0
    return index_of(has_prev & (prev_end.isna() | (mis["MIS_START"] < prev_end)))


@rule(
    "577",
    "missing",
    ("MIS_END",),
    "Child ceased to be looked after but there is a missing or away period without an end date.",
    "An open missing period after care ended keeps a care leaver in the missing counts.",
)
def missing_open_after_care(ret: YearReturn) -> pd.Index:
    mis = ret.tables["missing"]
    last = _last_episodes(ret)
    ceased = last["DEC"].notna() & (last["REC"] != "X1")
    ceased_children = set(last.index[ceased])
    return index_of(mis["MIS_END"].isna() & mis["CHILD"].isin(ceased_children))


@rule(
    "581",
    "missing",
    ("MIS_START",),
    "Child is missing but has not yet started to be looked after.",
    "Missing from care is counted only within a period of care; a period before care is "
    "outside the measure.",
    severity=QUARANTINE,
)
def missing_before_care(ret: YearReturn) -> pd.Index:
    mis = ret.tables["missing"]
    first_start = ret.tables["episodes"].groupby("CHILD")["DECOM"].min()
    return index_of(mis["MIS_START"] < mis["CHILD"].map(first_start))


@rule(
    "586",
    "missing",
    ("MIS_START",),
    "Dates of missing periods are before the child's date of birth.",
    "A missing period before birth is a mistyped date that lands in the wrong month.",
    severity=QUARANTINE,
)
def missing_before_birth(ret: YearReturn) -> pd.Index:
    mis = ret.tables["missing"]
    dob = mis["DOB"].fillna(with_dob(mis, ret.tables["header"]))
    return index_of(mis["MIS_START"] < dob)


@rule(
    "580",
    "episodes",
    ("REC",),
    "Child is missing when they cease being looked after but reason episode ceased is not E8.",
    "Leavers by reason must not record a child who was missing when care ended as, say, "
    "returned home.",
)
def missing_at_end_of_care(ret: YearReturn) -> pd.Index:
    eps = ordered_episodes(ret.tables["episodes"])
    final = eps[eps["IS_LAST"] & eps["DEC"].notna()]
    mis = ret.tables["missing"][["CHILD", "MIS_START", "MIS_END"]]
    joined = final.reset_index().merge(mis, on="CHILD")
    missing_then = (joined["MIS_START"] <= joined["DEC"]) & (
        joined["MIS_END"].isna() | (joined["MIS_END"] > joined["DEC"])
    )
    wrong = joined[missing_then & (joined["REC"] != MISSING_AT_END_REASON)]
    return pd.Index(sorted(set(wrong["index"])))
