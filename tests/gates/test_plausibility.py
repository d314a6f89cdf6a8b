"""Plausibility and cross-field rules (issue 15): each catches its bad case, passes the good."""

from __future__ import annotations

import pandas as pd

from contract import load_contract
from dagster_project.gates.runner import validate_table
from dagster_project.ingest.casting import cast_frame, normalise_ids
from tests.ingest.drops import EXTRACT_DATE, make_rows, string_frame

ATTENDANCE = load_contract().source("virtual_school").table("attendance")
POPULATION = load_contract().source("population").table("population")
REVIEWS = load_contract().source("social_care").table("reviews")


def _attendance(missed: list[str], possible: str = "120") -> list[dict]:
    rows = make_rows(ATTENDANCE, 100)
    for r, m in zip(rows, missed, strict=False):
        r["sessions_possible"], r["sessions_missed"] = possible, m
    return rows


def test_sessions_missed_above_sessions_possible_is_caught():
    verdict = validate_table(
        ATTENDANCE, string_frame(ATTENDANCE, _attendance(["121"])), EXTRACT_DATE
    )
    (rule,) = verdict.failed_rules
    assert (rule.rule, rule.column, rule.first_rows) == (
        "count_within",
        "sessions_possible,sessions_missed",
        [2],
    )
    assert verdict.quarantined_rows == {2}  # both counts are needed: the row is held back
    # 121 < 99 as text ("1" before "9"): the rule compares numbers, not strings.
    assert validate_table(
        ATTENDANCE, string_frame(ATTENDANCE, _attendance(["121"], possible="99")), EXTRACT_DATE
    ).failed_rules


def test_sessions_missed_up_to_sessions_possible_passes():
    rows = _attendance(["0", "120", "99", "7"])
    verdict = validate_table(ATTENDANCE, string_frame(ATTENDANCE, rows), EXTRACT_DATE)
    assert verdict.failed_rules == []
    rows[0]["sessions_missed"] = "n/a"  # not a number: the integer rule alone names it
    verdict = validate_table(ATTENDANCE, string_frame(ATTENDANCE, rows), EXTRACT_DATE)
    assert [f.rule for f in verdict.failed_rules] == ["integer"]


def _population(values: list[str]) -> pd.DataFrame:
    rows = make_rows(POPULATION, len(values))
    for r, v in zip(rows, values, strict=True):
        r["la_code"], r["population_0_17"] = "999", v
    return string_frame(POPULATION, rows)


def test_a_population_of_zero_rejects_the_drop():
    verdict = validate_table(POPULATION, _population(["55817"] * 7 + ["0"]), EXTRACT_DATE)
    assert [(f.rule, f.first_rows) for f in verdict.failed_rules] == [("positive_count", [9])]
    assert verdict.rejected  # 1 of 8 rows: far over what can be quarantined
    good = validate_table(POPULATION, _population(["55817"] * 7 + ["1"]), EXTRACT_DATE)
    assert good.failed_rules == [] and not good.rejected


def test_identifiers_are_trimmed_once_and_the_gate_sees_them_trimmed():
    rows = make_rows(REVIEWS, 100)
    child = rows[0]["CHILD"]
    rows[1] = dict(rows[0], CHILD=f" {child}\t")  # the same review again, its id padded
    rows[2]["CHILD"] = "   "  # only whitespace: blank
    frame = string_frame(REVIEWS, rows)
    assert normalise_ids(REVIEWS, frame)["CHILD"].tolist()[:3] == [child, child, None]
    assert frame["CHILD"][1] == f" {child}\t"  # the reader's frame is left as read
    verdict = validate_table(REVIEWS, frame, EXTRACT_DATE)
    rules = {(f.rule, tuple(f.first_rows)) for f in verdict.failed_rules}
    # Trimmed, file row 3 is an exact repeat of row 2 (kept); untrimmed it
    # would have slipped past the key rule as another child.
    assert rules == {("mandatory", (4,)), ("duplicate_row", (3,))}
    typed = cast_frame(REVIEWS, frame.iloc[3:])
    assert not typed["CHILD"].str.contains(r"^\s|\s$").any()
    padded = frame.iloc[[1]]
    assert cast_frame(REVIEWS, padded)["CHILD"].tolist() == [child]


def test_clean_ids_pass_unchanged():
    frame = string_frame(REVIEWS, make_rows(REVIEWS, 20))
    assert normalise_ids(REVIEWS, frame).equals(frame)
    assert validate_table(REVIEWS, frame, EXTRACT_DATE).failed_rules == []
