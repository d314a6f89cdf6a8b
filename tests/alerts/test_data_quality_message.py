"""The nightly data-quality summary: counts by source, table, rule and action, never an id."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dagster_project.alerts.messages import data_quality_message, gate_failure_message
from tests.alerts.conftest import UI_BASE_URL
from tests.support.pii import CHILD_IDS, leaked

COUNTS = pd.DataFrame(
    [
        ("social_care", "visits", "mandatory", "field_nulled", 54),
        ("social_care", "visits", "duplicate_row", "row_dropped", 109),
        ("social_care", "episodes", "code_list", "row_dropped", 1),
        ("fostering", "households", "integer", "field_nulled", 8),
        # A row the dbt side may add later: a repair counted by its own rule.
        ("social_care", "episodes", "copied_end_date", "repaired", 3),
        ("social_care", "episodes", "nothing", "row_dropped", 0),
    ],
    columns=["source", "table_name", "rule", "action", "records"],
)


def _message(counts: pd.DataFrame = COUNTS):
    return data_quality_message(
        counts,
        as_of=dt.date(2026, 10, 31),
        restricted_list="records_to_correct",
        run_id="abc-123",
        ui_base_url=UI_BASE_URL,
    )


def test_summary_counts_by_source_table_rule_and_action():
    message = _message()
    assert message.kind == "data_quality"
    assert message.title == "Data quality: last night's extracts (2026-10-31)"
    lines = message.text.splitlines()
    assert "Records affected: 175 (62 fields nulled, 3 repaired, 110 rows dropped)" in lines
    assert "• fostering.households — integer: 8 fields nulled" in lines
    assert "• social_care.episodes — copied_end_date: 3 repaired; code_list: 1 row dropped" in lines
    assert (
        "• social_care.visits — duplicate_row: 109 rows dropped; mandatory: 54 fields nulled"
        in lines
    )
    assert "nothing" not in message.text  # a rule with no records is not news
    assert "records_to_correct" in message.text
    assert f"{UI_BASE_URL}/runs/abc-123" in message.text


def test_labels_that_are_not_our_names_are_not_shown():
    hostile = pd.DataFrame(
        [
            ("social_care", "episodes", f"bad value for {CHILD_IDS[0]}", "row_dropped", 2),
            ("social_care", "Jayden Okafor", "mandatory", "field_nulled", 1),
            ("social_care", "visits", CHILD_IDS[1], "field_nulled", 1),
        ],
        columns=["source", "table_name", "rule", "action", "records"],
    )
    message = _message(hostile)
    everything = message.text + repr(message.blocks)
    assert not leaked(everything), leaked(everything)
    assert "(unnamed)" in message.text


def test_summary_is_sent_to_slack_without_a_child_id(alerter, fake_slack):
    findings = COUNTS.copy()
    assert alerter.send(_message(findings))
    (posted,) = fake_slack.messages
    assert posted["channel"] == "#lac-test"
    text = fake_slack.texts()[0]
    assert "social_care.visits" in text and "54 fields nulled" in text
    for child_id in CHILD_IDS:
        assert child_id not in text


def test_a_gate_failure_says_rows_dropped_and_fields_nulled():
    message = gate_failure_message(
        {
            "source": "social_care",
            "table": "episodes",
            "file": "episodes.csv",
            "rows_read": 4000,
            "rows_quarantined": 120,
            "fields_nulled": 10,
            "failed_rules": [],
        },
        run_id=None,
        ui_base_url=UI_BASE_URL,
    )
    assert "Rows dropped: 120 of 4,000 read   Fields nulled in rows kept: 10" in message.text
