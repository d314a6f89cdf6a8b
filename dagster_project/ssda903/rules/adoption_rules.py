"""Adoption rules: AD1, placed-for-adoption decisions and episodes agree.

Adoption timeliness (A1, A2, A10) runs from the date the child entered care
through the decision that the child should be placed for adoption (AD1
DATE_INT, placed_for_adoption DATE_PLACED) and the match (DATE_MATCH) to the
adoption (an episode ceasing E11/E12). These rules keep those dates in order
and the tables telling one story.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.ssda903.rules.helpers import index_of
from dagster_project.ssda903.rules.registry import QUARANTINE, YearReturn, rule

ADOPTED = ("E11", "E12")
# Placement types that are a placement for adoption (A3-A6).
PLACED_FOR_ADOPTION = ("A3", "A4", "A5", "A6")


def _adopted_in_year(ret: YearReturn) -> pd.DataFrame:
    eps = ret.tables["episodes"]
    in_year = eps["DEC"].between(ret.year.start, ret.year.end)
    return eps[in_year & eps["REC"].isin(ADOPTED)]


@rule(
    "333",
    "ad1",
    ("DATE_INT", "DATE_MATCH"),
    "Date should be placed for adoption must be on or prior to the date of matching child with "
    "adopter(s).",
    "A2 (match to adoption) and A10 (entry to adoption) need the decision "
    "before the match, or the intervals go negative.",
    severity=QUARANTINE,
)
def decision_after_match(ret: YearReturn) -> pd.Index:
    ad1 = ret.tables["ad1"]
    return index_of(ad1["DATE_INT"] > ad1["DATE_MATCH"])


@rule(
    "334",
    "ad1",
    ("DATE_INT",),
    "Date child started to be looked after in latest period of care must be on or prior to "
    "the date should be placed for adoption.",
    "A1/A10 measure from entry to care; a decision before entry makes the interval wrong.",
)
def decision_before_care(ret: YearReturn) -> pd.Index:
    ad1 = ret.tables["ad1"]
    # the latest period's start is the latest episode that started care (RNE S):
    # a year's return holds only the episodes open in the year, so its first
    # episode may continue a period that started years before (as the
    # validator's rule 334 reads it)
    eps = ret.tables["episodes"]
    latest_start = eps[eps["RNE"] == "S"].groupby("CHILD")["DECOM"].max()
    return index_of(ad1["DATE_INT"] < ad1["CHILD"].map(latest_start))


@rule(
    "551",
    "episodes",
    ("PLACE", "DATE_PLACED"),
    "Child has been placed for adoption but there is no date of the decision that the child "
    "should be placed for adoption.",
    "Children placed for adoption (A3-A6) feed A10 only through a recorded decision date.",
)
def placed_without_decision(ret: YearReturn) -> pd.Index:
    eps = ret.tables["episodes"]
    pfa = ret.tables["placed_for_adoption"]
    decided = set(pfa.loc[pfa["DATE_PLACED"].notna(), "CHILD"])
    return index_of(eps["PLACE"].isin(PLACED_FOR_ADOPTION) & ~eps["CHILD"].isin(decided))


@rule(
    "523",
    "ad1",
    ("DATE_INT", "DATE_PLACED"),
    "Date of decision that the child should be placed for adoption should be the same date "
    "as the decision that adoption is in the best interest (date should be placed).",
    "AD1 and the placed-for-adoption table must give the same decision date, or A10 depends "
    "on which table is read.",
)
def decision_dates_differ(ret: YearReturn) -> pd.Index:
    ad1 = ret.tables["ad1"]
    pfa = ret.tables["placed_for_adoption"]
    dates = pfa.groupby("CHILD")["DATE_PLACED"].agg(lambda d: set(d.dropna()))
    recorded = ad1["CHILD"].map(dates)
    differs = [
        isinstance(known, set) and bool(known) and pd.notna(when) and when not in known
        for known, when in zip(recorded, ad1["DATE_INT"], strict=True)
    ]
    return ad1.index[differs]


@rule(
    "602",
    "ad1",
    ("CHILD",),
    "The episode data submitted for this child does not show that he/she was adopted during "
    "the year.",
    "An AD1 record without an adoption in the year adds an adoption to A1, A2 "
    "and A10 that the episodes do not show.",
    severity=QUARANTINE,
)
def ad1_without_adoption(ret: YearReturn) -> pd.Index:
    ad1 = ret.tables["ad1"]
    return index_of(~ad1["CHILD"].isin(set(_adopted_in_year(ret)["CHILD"])))


@rule(
    "601",
    "episodes",
    ("REC",),
    "The additional fields relating to adoption have not been completed although the episode "
    "data shows that the child was adopted during the year.",
    "An adoption without AD1 dates cannot enter the adoption timeliness averages.",
)
def adoption_without_ad1(ret: YearReturn) -> pd.Index:
    adopted = _adopted_in_year(ret)
    with_ad1 = set(ret.tables["ad1"]["CHILD"])
    return adopted.index[~adopted["CHILD"].isin(with_ad1)]


@rule(
    "579",
    "placed_for_adoption",
    ("DATE_PLACED", "DATE_PLACED_CEASED"),
    "A new decision to place the child for adoption cannot start while the previous decision "
    "is still open; decisions should not overlap.",
    "Overlapping decisions give one child two decision dates, and A10 two starting points.",
)
def overlapping_decisions(ret: YearReturn) -> pd.Index:
    pfa = ret.tables["placed_for_adoption"]
    pfa = pfa[pfa["DATE_PLACED"].notna()].sort_values(["CHILD", "DATE_PLACED"], kind="stable")
    previous_ceased = pfa.groupby("CHILD")["DATE_PLACED_CEASED"].shift(1)
    has_previous = pfa.groupby("CHILD").cumcount() > 0
    still_open = has_previous & (previous_ceased.isna() | (pfa["DATE_PLACED"] < previous_ceased))
    return index_of(still_open)
