"""Each broken rule's outcome is decided once, and rules that fail most rows come first."""

from __future__ import annotations

import datetime as dt

from contract import load_contract
from dagster_project.gates.runner import describe_faults, validate_table
from dagster_project.gates.verdict import (
    FIELD_NULLED,
    FIRST_ROWS,
    ROW_DROPPED,
    RuleResult,
    judge,
)
from tests.ingest.drops import EXTRACT_DATE, make_rows, string_frame

EPISODES = load_contract().source("social_care").table("episodes")
VISITS = load_contract().source("social_care").table("visits")


def test_rules_are_listed_by_rows_failed_largest_first_structural_rules_ahead():
    results = [
        RuleResult("end_not_before_start", "DEC,DECOM", "why", rows=tuple(range(2, 7))),
        RuleResult("columns_present", None, "why", structural=True),
        RuleResult("code_list", "PLACE", "why", rows=tuple(range(10, 40))),
        RuleResult("mandatory", "CIN", "why", rows=(3, 50)),
    ]
    verdict = judge(EPISODES, 1000, results)
    assert [f.rule for f in verdict.failed_rules] == [
        "columns_present",
        "code_list",
        "end_not_before_start",
        "mandatory",
    ]
    assert [f.rows for f in verdict.failed_rules] == [0, 30, 5, 2]
    assert verdict.failed_rules[1].first_rows == list(range(10, 10 + FIRST_ROWS))


def test_a_row_dropped_by_one_rule_records_every_finding_on_it_as_dropped():
    results = [
        RuleResult("mandatory", "CIN", "why", rows=(3, 50)),  # CIN alone: field nulled
        RuleResult("code_list", "PLACE", "why", rows=(3,)),  # PLACE is needed: row dropped
    ]
    verdict = judge(EPISODES, 100, results)
    rule_actions = {f.rule: f.action for f in verdict.failed_rules}
    assert rule_actions == {"mandatory": FIELD_NULLED, "code_list": ROW_DROPPED}
    actions = {(f.row, f.rule): f.action for f in verdict.findings}
    assert actions == {
        (3, "mandatory"): ROW_DROPPED,
        (50, "mandatory"): FIELD_NULLED,
        (3, "code_list"): ROW_DROPPED,
    }
    assert verdict.quarantined_rows == {3}
    assert verdict.nulled_fields == {50: {"CIN"}}


def test_a_large_invalid_code_is_named_before_a_small_old_defect():
    """Issue 15: a 5-row defect first in suite order must not hide a 40-row invalid code."""
    rows = make_rows(EPISODES, 400)
    for r in rows[:5]:
        r["RNE"] = "Q"  # file rows 2-6: an old defect, and first in suite order
    for r in rows[100:140]:
        r["PLACE"] = "Z9"  # file rows 102-141, not a placement code
    verdict = validate_table(EPISODES, string_frame(EPISODES, rows), EXTRACT_DATE)
    assert [(f.rule, f.column, f.rows) for f in verdict.failed_rules] == [
        ("code_list", "PLACE", 40),
        ("code_list", "RNE", 5),
    ]
    assert verdict.rejected  # 45 of 400 rows dropped: over 2%
    assert describe_faults(verdict.failed_rules, limit=1).startswith("column PLACE line 102")


def test_exact_repeats_and_clashing_keys_are_separate_rules():
    rows = make_rows(VISITS, 200)
    rows[50] = dict(rows[5])  # file row 52 repeats file row 7 exactly
    rows[60] = dict(rows[6], VISIT_DATE=rows[6]["VISIT_DATE"] - dt.timedelta(days=1))
    verdict = validate_table(VISITS, string_frame(VISITS, rows), EXTRACT_DATE)
    by_rule = {f.rule: f for f in verdict.failed_rules}
    assert set(by_rule) == {"key_unique", "duplicate_row"}
    assert by_rule["key_unique"].first_rows == [8, 62]  # which is right is unknown: both held
    assert by_rule["duplicate_row"].first_rows == [52]  # the first copy (row 7) is kept
    assert verdict.quarantined_rows == {8, 52, 62}
    assert [f.rule for f in verdict.failed_rules] == ["key_unique", "duplicate_row"]


def test_validations_share_no_state():
    """The same frame judged against two extract dates gives each its own answer."""
    rows = make_rows(VISITS, 100)
    frame = string_frame(VISITS, rows)
    early = validate_table(VISITS, frame, dt.date(2023, 6, 20))
    late = validate_table(VISITS, frame, EXTRACT_DATE)
    assert {f.rule for f in early.failed_rules} == {"not_after_extract"}
    assert late.failed_rules == []
    again = validate_table(VISITS, frame, dt.date(2023, 6, 20))
    assert again.failed_rules == early.failed_rules
