"""Rules on single fields: valid dates, date of birth, and the UPN's format."""

from __future__ import annotations

import re

import pandas as pd

from dagster_project.ssda903.rules.helpers import index_of, rows_with_problem
from dagster_project.ssda903.rules.registry import QUARANTINE, YearReturn, rule

# A UPN is a check letter (not I, O or S), then 12 digits or 11 digits and a
# letter (a temporary UPN); UN1-UN5 say why a child has none (DfE common
# basic data set; the rule the validator applies as 168).
_UPN = re.compile(r"^(?:[A-HJ-NP-RT-Z](?:\d{12}|\d{11}[A-Z])|UN[1-5])$")
_UNKNOWN_UPN = {"UN1", "UN2", "UN3", "UN4", "UN5"}


def _invalid_date(ret: YearReturn, table: str, column: str, blank_fails: bool) -> pd.Index:
    frame = ret.tables[table]
    bad = rows_with_problem(frame, ret.problems, table, column)
    if blank_fails:
        bad = bad.union(index_of(frame[column].isna()))
    return bad


@rule(
    "102",
    "header",
    ("DOB",),
    "Date of birth is not a valid date.",
    "Every age-based rule and indicator (care leavers, OC2 age bands, adoption timeliness) "
    "starts from the date of birth.",
    severity=QUARANTINE,
)
def dob_valid(ret: YearReturn) -> pd.Index:
    return _invalid_date(ret, "header", "DOB", blank_fails=True)


@rule(
    "147",
    "episodes",
    ("DEC",),
    "Date episode ceased is not a valid date.",
    "A ceased date that cannot be read would leave the episode open and the child counted "
    "as still looked after.",
    severity=QUARANTINE,
)
def dec_valid(ret: YearReturn) -> pd.Index:
    return _invalid_date(ret, "episodes", "DEC", blank_fails=False)


@rule(
    "166",
    "reviews",
    ("REVIEW",),
    "Date of review is invalid or blank.",
    "Reviews on time are counted by review date; a review without a date cannot be "
    "placed in a month.",
)
def review_date_valid(ret: YearReturn) -> pd.Index:
    return _invalid_date(ret, "reviews", "REVIEW", blank_fails=True)


@rule(
    "112",
    "ad1",
    ("DATE_INT",),
    "Date should be placed for adoption is not a valid date.",
    "Adoption timeliness (A2, A10) is measured from the decision that the child should be "
    "placed for adoption.",
)
def date_int_valid(ret: YearReturn) -> pd.Index:
    return _invalid_date(ret, "ad1", "DATE_INT", blank_fails=False)


@rule(
    "1004",
    "missing",
    ("MIS_START",),
    "The start date of the missing or away-from-placement episode is not a valid date.",
    "Children-missing counts place each missing episode in a month by its start date.",
    severity=QUARANTINE,
)
def missing_start_valid(ret: YearReturn) -> pd.Index:
    return _invalid_date(ret, "missing", "MIS_START", blank_fails=False)


@rule(
    "1005",
    "missing",
    ("MIS_END",),
    "The end date of the missing or away-from-placement episode is not a valid date.",
    "A missing episode whose end cannot be read would count as still open.",
)
def missing_end_valid(ret: YearReturn) -> pd.Index:
    return _invalid_date(ret, "missing", "MIS_END", blank_fails=False)


@rule(
    "301",
    "header",
    ("DOB",),
    "Date of birth falls after the year ended.",
    "A child born after 31 March cannot be in that year's return; ages computed from it "
    "would be negative.",
    severity=QUARANTINE,
)
def dob_after_year_end(ret: YearReturn) -> pd.Index:
    return index_of(ret.tables["header"]["DOB"] > ret.year.end)


@rule(
    "168",
    "header",
    ("UPN",),
    "UPN is not valid; if unknown, it should be one of UN1-UN5.",
    "The UPN links the child to the Virtual School and school-census outcomes; a malformed "
    "one links to no one or to the wrong child.",
)
def upn_format(ret: YearReturn) -> pd.Index:
    upn = ret.tables["header"]["UPN"]
    return index_of(upn.notna() & ~upn.astype(str).str.match(_UPN))


@rule(
    "442",
    "header",
    ("UPN",),
    "Unique Pupil Number (UPN) field is not completed.",
    "Education indicators for looked-after children are matched on the UPN; a blank one "
    "drops the child from them.",
)
def upn_blank(ret: YearReturn) -> pd.Index:
    header = ret.tables["header"]
    in_care = set(ret.tables["episodes"]["CHILD"])
    return index_of(header["UPN"].isna() & header["CHILD"].isin(in_care))


@rule(
    "444",
    "header",
    ("UPN",),
    "Duplicate UPN has been reported.",
    "Two children sharing a UPN would have one's school outcomes counted for the other.",
)
def upn_duplicate(ret: YearReturn) -> pd.Index:
    header = ret.tables["header"]
    known = header[header["UPN"].notna() & ~header["UPN"].isin(_UNKNOWN_UPN)]
    children_per_upn = known.groupby("UPN")["CHILD"].nunique()
    shared = children_per_upn[children_per_upn > 1].index
    return known.index[known["UPN"].isin(shared)]


# Not a DfE rule number: the DfE portal refuses a return with a child twice
# at load, before its numbered rules run. "P" marks the project's own checks.
@rule(
    "P01",
    "header",
    ("CHILD",),
    "The same child id appears on more than one header row.",
    "Every count is of distinct children; a repeated child id counts one child twice or "
    "merges two children's episodes.",
    severity=QUARANTINE,
    checked=False,
)
def duplicate_child(ret: YearReturn) -> pd.Index:
    header = ret.tables["header"]
    return index_of(header["CHILD"].notna() & header["CHILD"].duplicated(keep=False))
