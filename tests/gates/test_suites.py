"""The committed GX suites are what the contract generates, and they catch what they say."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from contract import load_contract
from dagster_project.gates.build_suites import (
    DATE_PAIRS,
    EXPECTATIONS_DIR,
    build_suite,
    render,
    suite_path,
)
from dagster_project.gates.runner import QUARANTINE_REJECT_SHARE, validate_table
from tests.ingest.drops import EXTRACT_DATE, _text, make_rows

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
    for table, pairs in DATE_PAIRS.items():
        for end, start in pairs:
            assert {end, start} <= names[table], (table, end, start)


def _frame(table, rows):
    frame = pd.DataFrame(
        [
            {c.name: (_text(r.get(c.name), table, c.type) or None) for c in table.columns}
            for r in rows
        ],
        dtype=object,
    )
    frame["_row_number"] = range(2, len(rows) + 2)
    return frame


def _table(source, name):
    return load_contract().source(source).table(name)


def test_clean_frames_pass_every_suite():
    for table in TABLES:
        verdict = validate_table(table, _frame(table, make_rows(table, 3)), EXTRACT_DATE)
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
    verdict = validate_table(table, _frame(table, rows), EXTRACT_DATE)
    failed = {(f.rule, f.column): f for f in verdict.failed_rules}
    key_column = ",".join(table.key) if rule == "key_unique" else None
    pair_column = "DEC,DECOM" if rule == "end_not_before_start" else None
    f = failed[(rule, pair_column or key_column or column)]
    assert 9 in f.first_rows
    assert 9 in verdict.quarantined_rows
    # One bad row in 60 is 1.7%: held back, the rest goes on (the key rule
    # holds back both rows sharing the key: 3.3%, so the table is rejected).
    assert verdict.rejected == (rule == "key_unique")
    assert value is None or str(value) not in repr(verdict.failed_rules)


def test_rejection_threshold():
    table = _table("population", "population")
    rows = make_rows(table, 100)
    for i in range(2):
        rows[i]["population_0_17"] = "n/a"
    at = validate_table(table, _frame(table, rows), EXTRACT_DATE)
    assert at.quarantine_share == QUARANTINE_REJECT_SHARE and not at.rejected
    rows[2]["population_0_17"] = "n/a"
    over = validate_table(table, _frame(table, rows), EXTRACT_DATE)
    assert over.rows_quarantined == 3 and over.rejected
    assert "3 of 100 rows" in over.reason


def test_missing_column_is_structural():
    table = _table("population", "population")
    frame = _frame(table, make_rows(table, 3)).drop(columns=["mid_year"])
    verdict = validate_table(table, frame, EXTRACT_DATE)
    assert verdict.rejected and verdict.structural_failures


def test_exact_duplicate_keeps_its_first_copy():
    table = _table("social_care", "reviews")
    rows = make_rows(table, 60)
    rows[20] = dict(rows[5])  # the export wrote file row 7 again as row 22
    verdict = validate_table(table, _frame(table, rows), EXTRACT_DATE)
    assert verdict.quarantine == [(22, "CHILD,REVIEW", "duplicate_row")]
    assert [f.rule for f in verdict.failed_rules] == ["duplicate_row"]
    assert not verdict.rejected
