"""The committed GX suites are what the contract generates, and they catch what they say."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from contract import load_contract
from dagster_project.gates.build_suites import (
    EXPECTATIONS_DIR,
    build_suite,
    render,
    suite_path,
)
from dagster_project.gates.cross_field import AT_MOST_PAIRS, DATE_PAIRS, POSITIVE_COUNTS
from dagster_project.gates.runner import (
    FIELD_NULLED,
    QUARANTINE_REJECT_SHARE,
    ROW_DROPPED,
    Finding,
    finding_action,
    validate_table,
)
from tests.ingest.drops import EXTRACT_DATE, make_rows, string_frame

TABLES = load_contract().tables()


def test_one_committed_suite_per_table_matching_the_contract():
    committed = sorted(p.name for p in EXPECTATIONS_DIR.glob("*.json"))
    assert committed == sorted(f"{t.qualified_name}.json" for t in TABLES)
    assert len(committed) == 24
    for table in TABLES:
        assert suite_path(table).read_text() == render(build_suite(table)), (
            f"{suite_path(table).name} is stale: run python -m dagster_project.gates.build_suites"
        )


def test_every_expectation_says_why_and_pairs_name_contract_columns():
    for table in TABLES:
        for exp in json.loads(suite_path(table).read_text())["expectations"]:
            assert exp["meta"]["why"] and exp["meta"]["rule"], exp
    names = {t.qualified_name: set(t.column_names) for t in TABLES}
    for table, pairs in [*DATE_PAIRS.items(), *AT_MOST_PAIRS.items()]:
        for a, b in pairs:
            assert {a, b} <= names[table], (table, a, b)
    for table, columns in POSITIVE_COUNTS.items():
        assert set(columns) <= names[table], (table, columns)
    integers = {
        (t.qualified_name, c.name) for t in TABLES for c in t.columns if c.type == "integer"
    }
    for table, pairs in AT_MOST_PAIRS.items():
        assert {(table, c) for pair in pairs for c in pair} <= integers, table
    assert {(t, c) for t, cs in POSITIVE_COUNTS.items() for c in cs} <= integers


def _table(source, name):
    return load_contract().source(source).table(name)


def test_clean_frames_pass_every_suite():
    for table in TABLES:
        verdict = validate_table(table, string_frame(table, make_rows(table, 3)), EXTRACT_DATE)
        assert verdict.failed_rules == [], (table.qualified_name, verdict.failed_rules)


@pytest.mark.parametrize(
    ("source", "table_name", "column", "value", "rule"),
    [
        ("social_care", "episodes", "RNE", None, "mandatory"),
        ("social_care", "episodes", "DEC", dt.date(2023, 1, 1), "end_not_before_start"),
        ("social_care", "episodes", "DECOM", dt.date(2024, 5, 1), "not_after_extract"),
        ("social_care", "header", "UASC", "maybe", "boolean"),
        ("social_care", "header", "DOB", "1/1/11", "date_format"),
        ("social_care", "visits", "RECORDED_AT", "2023-06-01 10:00", "date_format"),
        ("fostering", "households", "places_approved", "two", "integer"),
        ("fostering", "households", "household_id", "#REF!", "no_spreadsheet_error"),
        ("social_care", "visits", "VISIT_ID", "VISI00000", "key_unique"),
    ],
)
def test_each_rule_names_its_row_and_column(source, table_name, column, value, rule):
    table = _table(source, table_name)
    rows = make_rows(table, 60)
    rows[7][column] = value  # file row 9
    verdict = validate_table(table, string_frame(table, rows), EXTRACT_DATE)
    failed = {(f.rule, f.column): f for f in verdict.failed_rules}
    key_column = ",".join(table.key) if rule == "key_unique" else None
    pair_column = "DEC,DECOM" if rule == "end_not_before_start" else None
    f = failed[(rule, pair_column or key_column or column)]
    assert 9 in f.first_rows
    # Every column here identifies the row or is needed by an indicator, but
    # places approved: the household still counts, its places are unknown.
    nulled = column == "places_approved"
    assert (9 in verdict.quarantined_rows) == (not nulled)
    assert f.action == (FIELD_NULLED if nulled else ROW_DROPPED)
    assert verdict.nulled_fields == ({9: {column}} if nulled else {})
    # One bad row in 60 is 1.7%: held back, the rest goes on (the key rule
    # holds back both rows sharing the key: 3.3%, so the table is rejected).
    assert verdict.rejected == (rule == "key_unique")
    assert value is None or str(value) not in repr(verdict.failed_rules)


def test_rejection_threshold():
    table = _table("population", "population")
    rows = make_rows(table, 100)
    for i in range(2):
        rows[i]["population_0_17"] = "n/a"
    at = validate_table(table, string_frame(table, rows), EXTRACT_DATE)
    assert at.quarantine_share == QUARANTINE_REJECT_SHARE and not at.rejected
    rows[2]["population_0_17"] = "n/a"
    over = validate_table(table, string_frame(table, rows), EXTRACT_DATE)
    assert over.rows_quarantined == 3 and over.rejected
    assert "3 of 100 rows" in over.reason


def test_missing_column_is_structural():
    table = _table("population", "population")
    frame = string_frame(table, make_rows(table, 3)).drop(columns=["mid_year"])
    verdict = validate_table(table, frame, EXTRACT_DATE)
    assert verdict.rejected and verdict.structural_failures


def test_exact_duplicate_keeps_its_first_copy():
    table = _table("social_care", "reviews")
    rows = make_rows(table, 60)
    rows[20] = dict(rows[5])  # the export wrote file row 7 again as row 22
    verdict = validate_table(table, string_frame(table, rows), EXTRACT_DATE)
    assert verdict.findings == [Finding(22, "CHILD,REVIEW", "duplicate_row", ROW_DROPPED)]
    assert [f.rule for f in verdict.failed_rules] == ["duplicate_row"]
    assert not verdict.rejected


def test_a_field_no_indicator_needs_is_nulled_and_only_dropped_rows_count_to_reject():
    """Blank worker ids on 10% of visits: every row kept, each field nulled, not rejected."""
    table = _table("social_care", "visits")
    rows = make_rows(table, 100)  # 2 rows dropped: 2%, at the threshold, not over
    for i in range(6):
        rows[i]["WORKER_ID"] = None  # file rows 2-7
    rows[10]["VISIT_DATE"] = "2023-06-01"  # not dd/mm/yyyy: file row 12, needed
    rows[11]["WORKER_ID"] = None
    rows[11]["VISIT_DATE"] = None  # file row 13: dropped, both findings say so
    verdict = validate_table(table, string_frame(table, rows), EXTRACT_DATE)
    assert not verdict.rejected
    assert verdict.quarantined_rows == {12, 13}
    assert verdict.nulled_fields == {n: {"WORKER_ID"} for n in range(2, 8)}
    actions = {(f.row, f.column, f.rule): f.action for f in verdict.findings}
    assert actions[(2, "WORKER_ID", "mandatory")] == FIELD_NULLED
    assert actions[(12, "VISIT_DATE", "date_format")] == ROW_DROPPED
    assert actions[(13, "WORKER_ID", "mandatory")] == ROW_DROPPED
    assert actions[(13, "VISIT_DATE", "mandatory")] == ROW_DROPPED
    assert verdict.fields_nulled == 6


def test_finding_action_drops_for_an_identifying_or_needed_column_in_a_pair():
    episodes = _table("social_care", "episodes")
    assert finding_action(episodes, "CIN", "mandatory") == FIELD_NULLED
    assert finding_action(episodes, "PLACE", "code_list") == ROW_DROPPED
    assert finding_action(episodes, "CHILD", "mandatory") == ROW_DROPPED
    assert finding_action(episodes, "DEC,DECOM", "end_not_before_start") == ROW_DROPPED
    assert finding_action(episodes, "CHILD,DECOM", "duplicate_row") == ROW_DROPPED
    missing = _table("social_care", "missing")
    assert finding_action(missing, "MIS_END", "not_after_extract") == FIELD_NULLED
    assert finding_action(missing, "", "some_table_rule") == ROW_DROPPED
