"""The benchmark's pandas indicators on a hand-made landing zone: the rules that decide a count.

Five children written as the case system drops them, a year of records
behind them so the reporting spine is January to March 2024 (the as-of night
is 31 March 2024), and each child placed to test one rule: a period of care
chained through X1, a short break, the DfE 31 March rule (leaving on the last
day of a month is not being looked after at its end), a care leaver who left
at 18, and an admission. One episode row is a defect the gates drop (a
legal status outside the list), and one contact is recorded after the
night, so neither may count.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from scripts.national.compare import independent_values

NIGHT = "2024-03-31"
JAN, FEB, MAR = dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2024, 3, 31)
RECORDED = "2024-03-01T10:00:00"

HEADER = [  # CHILD, DOB
    ("A", "15/01/2010"),
    ("B", "10/03/2006"),
    ("C", "01/05/2012"),
    ("D", "01/06/2015"),
    ("E", "20/02/2011"),
]
EPISODES = [  # CHILD, DECOM, RNE, LS, PLACE, DEC, REC
    # A: foster care U4, then U1 with a new carer through X1: one period, open
    ("A", "10/01/2023", "S", "C2", "U4", "01/06/2023", "X1"),
    ("A", "01/06/2023", "P", "C2", "U1", "", ""),
    # B: looked after from 13 to the 18th birthday (10 March 2024), then a care leaver
    ("B", "01/01/2020", "S", "C2", "U6", "10/03/2024", "E13"),
    # C: a short break only (legal status V3): never looked after
    ("C", "01/12/2023", "S", "V3", "U4", "", ""),
    # D: leaves on 31 January, so not looked after at the January month end
    ("D", "01/11/2023", "S", "C2", "U5", "31/01/2024", "E13"),
    # E: admitted in February to residential care (not family based)
    ("E", "05/02/2024", "S", "C2", "R1", "", ""),
    # a defect: a legal status outside the contract's list drops the row, so
    # E does not move to foster care (U1) on 20 February
    ("E", "20/02/2024", "P", "ZZ", "U1", "", ""),
]


def _write_csv(path: Path, columns: list[str], rows: list[tuple]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=columns).to_csv(path, index=False)


def _write_tracker(path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    households = book.create_sheet("Households")
    households.append(["Households - fostering tracker"])
    households.append(
        [
            *("household_id", "carer_type", "approval_date", "places_approved"),
            *("status", "deregistration_date"),
        ]
    )
    households.append(["FH1", "MAINSTREAM", dt.datetime(2020, 1, 1), 2, "ACTIVE", None])
    households.append(
        ["FH2", "MAINSTREAM", dt.datetime(2019, 1, 1), 1, "DEREGISTERED", dt.datetime(2024, 2, 10)]
    )
    approvals = book.create_sheet("Approvals")
    approvals.append(["Approvals - fostering tracker"])
    approvals.append(["household_id", "carer_type", "stage", "stage_date", "places_approved"])
    approvals.append(["FH1", "MAINSTREAM", "APPROVED", dt.datetime(2020, 1, 1), 2])
    book.save(path)


@pytest.fixture(scope="module")
def values(tmp_path_factory) -> pd.DataFrame:
    landing = tmp_path_factory.mktemp("handmade") / "landing"
    care = landing / "social_care" / NIGHT
    _write_csv(
        care / "header.csv",
        ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "UASC", "RECORDED_AT"],
        [(child, "1", dob, "WBRI", "", "0", RECORDED) for child, dob in HEADER],
    )
    _write_csv(
        care / "episodes.csv",
        [
            *("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"),
            *("REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN", "RECORDED_AT"),
        ],
        [
            (c, start, rne, ls, "N1", place, "PR1", end, rec, "", "", "ZZ99 1AA", c + place, rec_at)
            for c, start, rne, ls, place, end, rec in EPISODES
            for rec_at in [RECORDED]
        ],
    )
    # One review a year before the spine starts: the spine is January-March 2024.
    _write_csv(
        care / "reviews.csv",
        ["CHILD", "REVIEW", "REVIEW_CODE", "RECORDED_AT"],
        [("A", "31/01/2023", "PN1", RECORDED)],
    )
    _write_csv(
        care / "visits.csv",
        [
            *("VISIT_ID", "CHILD", "VISIT_DATE", "SEEN_ALONE", "WORKER_ID"),
            *("SIBLING_GROUP_ID", "RECORDED_AT"),
        ],
        [("V1", "A", "01/02/2023", "1", "W1", "", RECORDED)],
    )
    _write_csv(
        care / "health_assessments.csv",
        ["ASSESSMENT_ID", "CHILD", "ASSESSMENT_TYPE", "ASSESSMENT_DATE", "RECORDED_AT"],
        [("H1", "A", "DENTAL", "01/03/2023", RECORDED)],
    )
    _write_csv(
        care / "oc3.csv",
        ["CHILD", "CONTACT_DATE", "IN_TOUCH", "ACTIV", "ACCOM", "RECORDED_AT"],
        [
            ("B", "20/03/2024", "YES", "F1", "K1", RECORDED),
            # recorded after the night: not known on 31 March, so not B's latest contact
            ("B", "25/03/2024", "YES", "G4", "K1", "2024-04-05T09:00:00"),
        ],
    )
    _write_csv(
        landing / "population" / NIGHT / "population.csv",
        ["la_code", "mid_year", "population_0_17"],
        [("999", 2023, 10000)],
    )
    (landing / "fostering" / NIGHT).mkdir(parents=True)
    _write_tracker(landing / "fostering" / NIGHT / "fostering_tracker.xlsx")
    return independent_values(landing, la_code="999")


def _series(values: pd.DataFrame, indicator: str, column: str = "numerator") -> list:
    rows = values[values["indicator_id"] == indicator].sort_values("period_end")
    assert rows["period_end"].tolist() == [JAN, FEB, MAR]
    return rows[column].tolist()


def test_children_looked_after_follow_the_period_of_care_rules(values):
    # Jan: A (X1 chain), B; D left on 31 January; C is a short break.
    # Feb: A, B, E. Mar: A, E (B turned 18 and left on 10 March).
    assert _series(values, "lac_count") == [2, 3, 2]
    assert _series(values, "lac_rate_per_10k", "denominator") == [10000, 10000, 10000]
    assert _series(values, "lac_family_based_pct") == [2, 2, 1]


def test_admissions_and_ceased_are_counted_in_their_month(values):
    assert _series(values, "lac_admissions_count") == [0, 1, 0]
    assert _series(values, "lac_ceased_count") == [1, 0, 1]
    assert _series(values, "adoptions_count") == [0, 0, 0]


def test_a_care_leaver_is_counted_after_leaving_with_the_contact_known_that_night(values):
    assert _series(values, "care_leavers_count") == [0, 0, 1]
    assert _series(values, "care_leavers_eet_pct") == [0, 0, 1]


def test_foster_households_approved_and_not_yet_deregistered(values):
    assert _series(values, "foster_households_count") == [2, 1, 1]
