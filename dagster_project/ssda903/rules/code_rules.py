"""Code-list rules: a field's code must be in the list of the record's own year.

The lists live in contract/ssda903_codes.yaml, one version per change; a
2024/25 return is checked against the 2024/25 lists (SEX M/F/U, K3 a valid
placement) and a 2017/18 return against its own (SEX 1/2, no K3).
"""

from __future__ import annotations

import pandas as pd

from dagster_project.ssda903.codes import codes_for, placement_min_ages
from dagster_project.ssda903.rules.helpers import age_at, index_of, with_dob
from dagster_project.ssda903.rules.registry import QUARANTINE, YearReturn, rule

# RNE, LS and PLACE are mandatory on every episode in the DfE's return schema
# (the DfE portal rejects a blank at load, which is why the validator's own
# rules 143/144/146 let a blank pass); here a blank fails the code rule so a
# case system's blank legal status gets a per-row finding.


def _not_in_list(ret: YearReturn, table: str, column: str, blank_fails: bool) -> pd.Index:
    frame = ret.tables[table]
    valid = codes_for(column, ret.year.end_year)
    values = frame[column]
    bad = values.notna() & ~values.isin(valid)
    if blank_fails:
        bad |= values.isna()
    return index_of(bad)


@rule(
    "101",
    "header",
    ("SEX",),
    "The child's sex is not a valid code for the year.",
    "Every breakdown by sex, and the header row itself, needs a readable sex.",
)
def sex_code(ret: YearReturn) -> pd.Index:
    return _not_in_list(ret, "header", "SEX", blank_fails=True)


@rule(
    "103",
    "header",
    ("ETHNIC",),
    "The ethnicity code is not valid or not entered.",
    "Ethnicity breakdowns and the DfE's published tables count each child once, by a valid code.",
)
def ethnic_code(ret: YearReturn) -> pd.Index:
    return _not_in_list(ret, "header", "ETHNIC", blank_fails=True)


@rule(
    "143",
    "episodes",
    ("RNE",),
    "The reason for new episode code is not a valid code.",
    "Starters are episodes with RNE S: an unknown code makes a start or a move uncountable.",
    severity=QUARANTINE,
)
def rne_code(ret: YearReturn) -> pd.Index:
    return _not_in_list(ret, "episodes", "RNE", blank_fails=True)


@rule(
    "144",
    "episodes",
    ("LS",),
    "The legal status code is not a valid code.",
    "Legal status decides who is looked after at all (V3/V4 short breaks are not), so an "
    "unknown code puts a child in or out of every count.",
    severity=QUARANTINE,
)
def legal_status_code(ret: YearReturn) -> pd.Index:
    return _not_in_list(ret, "episodes", "LS", blank_fails=True)


@rule(
    "145",
    "episodes",
    ("CIN",),
    "Category of need code is not a valid code.",
    "Category of need breakdowns count each starter under one valid need.",
)
def category_of_need_code(ret: YearReturn) -> pd.Index:
    return _not_in_list(ret, "episodes", "CIN", blank_fails=False)


@rule(
    "146",
    "episodes",
    ("PLACE",),
    "Placement type code is not a valid code for the year.",
    "Placement stability and placement-type shares (foster, residential, adoption) read "
    "PLACE; K3 is valid only from 2024/25.",
    severity=QUARANTINE,
)
def placement_code(ret: YearReturn) -> pd.Index:
    return _not_in_list(ret, "episodes", "PLACE", blank_fails=True)


@rule(
    "149",
    "episodes",
    ("REC",),
    "Reason episode ceased code is not valid.",
    "Ceased-care counts by reason (adoption, SGO, return home) need a valid reason.",
    severity=QUARANTINE,
)
def reason_ceased_code(ret: YearReturn) -> pd.Index:
    return _not_in_list(ret, "episodes", "REC", blank_fails=False)


@rule(
    "167",
    "reviews",
    ("REVIEW_CODE",),
    "Data entry for participation is invalid or blank.",
    "The share of reviews the child took part in needs a participation code on each review.",
)
def participation_code(ret: YearReturn) -> pd.Index:
    return _not_in_list(ret, "reviews", "REVIEW_CODE", blank_fails=True)


@rule(
    "370",
    "episodes",
    ("DECOM", "PLACE"),
    "Child in independent living (P2) should be at least 16 (from 2023/24).",
    "Placement-type figures for 16-17 year olds rely on P2 meaning independent living of a "
    "young person old enough for it under the year's rules.",
)
def placement_minimum_age(ret: YearReturn) -> pd.Index:
    minimum = placement_min_ages(ret.year.end_year)
    eps = ret.tables["episodes"]
    if not minimum or eps.empty:
        return eps.index[:0]
    ages = age_at(with_dob(eps, ret.tables["header"]), eps["DECOM"])
    floor = eps["PLACE"].map(minimum)
    return index_of(floor.notna() & (ages < floor))
