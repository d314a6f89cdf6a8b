"""The message builders: each alert kind carries what the team needs, and no identifier."""

from __future__ import annotations

import datetime as dt
import json

import dagster as dg

from dagster_project.alerts.messages import (
    AlertMessage,
    check_failure_message,
    gate_failure_message,
    indicator_red_message,
    lag_warning_message,
    late_source_message,
    run_failure_message,
)
from tests.support import pii

UI = "http://dagster.test:3000"
RUN_ID = "0f1e2d3c-aaaa-bbbb-cccc-123456789abc"


def everything(message: AlertMessage) -> str:
    return message.title + "\n" + message.text + "\n" + json.dumps(message.blocks)


def gate_metadata() -> dict:
    return {
        "source": "social_care",
        "table": "header",
        "file": "header.csv",
        "failed_rules": [
            {"rule": "expect_column_values_to_not_be_null", "column": "DOB", "rows": 3},
            {"rule": "expect_column_values_to_be_in_set", "column": "SEX", "rows": 1200},
        ],
        "rows_quarantined": 1203,
        "rows_read": 1_250_000,
    }


def test_run_failure_names_job_step_error_and_link() -> None:
    message = run_failure_message(
        job_name="nightly",
        run_id=RUN_ID,
        ui_base_url=UI + "/",
        failed_steps=[("ingest_social_care", "ValueError", "bad date '01/02/2015'\nrow dump")],
    )
    text = everything(message)
    assert message.kind == "run_failure"
    assert "nightly" in message.title
    assert "ingest_social_care" in text
    assert "ValueError: bad date <value>" in text
    assert "row dump" not in text
    assert f"{UI}/runs/{RUN_ID}" in message.text
    assert f"<{UI}/runs/{RUN_ID}|" in json.dumps(message.blocks)
    assert message.blocks[0]["type"] == "header"


def test_run_failure_without_a_step_uses_the_run_error() -> None:
    message = run_failure_message(
        job_name="nightly",
        run_id=RUN_ID,
        ui_base_url=UI,
        run_error=("DagsterRunWorkerCrashed", "worker for C004512 died"),
    )
    assert "outside a step" in message.text
    assert "DagsterRunWorkerCrashed: worker for <id> died" in message.text


def test_run_failure_lists_at_most_five_steps() -> None:
    steps = [(f"step_{i}", "ValueError", "x") for i in range(8)]
    message = run_failure_message(job_name="j", run_id=RUN_ID, ui_base_url=UI, failed_steps=steps)
    assert "step_4" in message.text and "step_5" not in message.text
    assert "3 more failed steps" in message.text


def test_gate_failure_carries_source_table_rules_rows_file_link() -> None:
    message = gate_failure_message(gate_metadata(), run_id=RUN_ID, ui_base_url=UI)
    text = message.text
    assert message.kind == "gate_failure"
    assert "social_care.header" in message.title
    assert "header.csv" in text
    assert "expect_column_values_to_not_be_null on DOB: 3 rows" in text
    assert "expect_column_values_to_be_in_set on SEX: 1,200 rows" in text
    assert "1,203 of 1,250,000 read" in text
    assert f"{UI}/runs/{RUN_ID}" in text


def test_gate_failure_accepts_dagster_metadata_values() -> None:
    raw = gate_metadata()
    metadata = {
        "source": dg.MetadataValue.text(raw["source"]),
        "table": dg.MetadataValue.text(raw["table"]),
        "file": dg.MetadataValue.text(raw["file"]),
        "failed_rules": dg.MetadataValue.json(raw["failed_rules"]),
        "rows_quarantined": dg.MetadataValue.int(raw["rows_quarantined"]),
        "rows_read": dg.MetadataValue.int(raw["rows_read"]),
    }
    assert gate_failure_message(metadata, run_id=RUN_ID, ui_base_url=UI).text == (
        gate_failure_message(raw, run_id=RUN_ID, ui_base_url=UI).text
    )


def test_gate_failure_scrubs_what_a_gate_author_might_pass() -> None:
    metadata = gate_metadata() | {
        "file": "header_C004512.csv",
        "failed_rules": [{"rule": f"bad value {pii.pii_sentence()}", "column": "CHILD", "rows": 1}],
    }
    assert pii.leaked(everything(gate_failure_message(metadata, run_id=None, ui_base_url=UI))) == []


def test_late_source_says_newest_cadence_and_overdue() -> None:
    message = late_source_message(
        source="health",
        newest_extract_date=dt.date(2026, 11, 1),
        cadence_days=7,
        days_overdue=15,
        today=dt.date(2026, 11, 23),
    )
    text = message.text
    assert message.kind == "late_source"
    assert "health" in message.title
    assert "2026-11-01" in text
    assert "every 7 days" in text
    assert "Days overdue: 15" in text


def test_late_source_never_received() -> None:
    message = late_source_message(
        source="fostering",
        newest_extract_date=None,
        cadence_days=1,
        days_overdue=0,
        today=dt.date(2026, 11, 23),
    )
    assert "never" in message.text and "every day" in message.text


LAG_METADATA = {
    "abnormal_record_types": ["visits"],
    "record_types_without_baseline": ["peps"],
    "record_types": {
        "visits": {
            "extract_date": "2026-10-30",
            "status": "abnormal",
            "baseline_nights": 56,
            "tonight": {
                "n_recorded_7d": 0,
                "n_recorded_28d": 380,
                "median_lag_days": 5.0,
                "p90_lag_days": 15.0,
                "share_within_20wd": 0.96,
            },
            "baseline_median": {
                "n_recorded_7d": 135.0,
                "median_lag_days": 5.0,
                "p90_lag_days": 16.0,
                "share_within_20wd": 0.97,
            },
        },
        "peps": {"status": "insufficient_baseline", "baseline_nights": 3},
    },
}


def test_lag_warning_names_the_abnormal_type_with_its_figures() -> None:
    message = lag_warning_message(LAG_METADATA, run_id=RUN_ID, ui_base_url=UI)
    text = message.text
    assert message.kind == "lag_warning"
    assert text.startswith("Recording lag abnormal: visits")
    assert "Visits (extract 2026-10-30), against the last 56 normal nights:" in text
    assert "recorded in the last 7 days: 0 (usually 135)" in text
    assert "recorded within 20 working days: 96.0% (usually 97.0%)" in text
    assert "Not judged yet (baseline still forming): peps" in text
    assert f"{UI}/runs/{RUN_ID}" in text


def test_indicator_red() -> None:
    message = indicator_red_message(
        indicator_title="% of looked after children with a up to date health assessments",
        reference="4.9",
        value_text="81.2%",
        red_threshold="<87%",
        previous_rag="amber",
        month=dt.date(2026, 10, 31),
        run_id=RUN_ID,
        ui_base_url=UI,
    )
    assert message.kind == "indicator_red"
    assert "up to date health assessments" in message.title
    assert "Month: October 2026 (was amber)" in message.text
    assert "Value: 81.2%   Red: <87%" in message.text
    assert "4.9 % of looked after" in message.text
    assert f"{UI}/runs/{RUN_ID}" in message.text


def test_check_failure_names_only() -> None:
    message = check_failure_message(
        asset="stg_social_care__episodes",
        check_name="not_null_child_id",
        severity="ERROR",
        run_id=RUN_ID,
        ui_base_url=UI,
    )
    assert "not_null_child_id" in message.text and "blocks downstream" in message.text


def test_no_builder_lets_an_identifier_through() -> None:
    s = pii.pii_sentence()
    messages = [
        run_failure_message(
            job_name="nightly", run_id=RUN_ID, ui_base_url=UI, failed_steps=[("step", "E", s)]
        ),
        run_failure_message(job_name="nightly", run_id=RUN_ID, ui_base_url=UI, run_error=("E", s)),
        gate_failure_message(
            {"source": s, "table": s, "file": s, "failed_rules": [s, {"rule": s, "column": s}]},
            run_id=RUN_ID,
            ui_base_url=UI,
        ),
        lag_warning_message(
            {
                "abnormal_record_types": [s],
                "record_types": {s: {"extract_date": s, "tonight": {"n_recorded_7d": s}}},
                "record_types_without_baseline": [s],
            },
            run_id=RUN_ID,
            ui_base_url=UI,
        ),
        late_source_message(
            source=s,
            newest_extract_date=None,
            cadence_days=1,
            days_overdue=0,
            today=dt.date.today(),
        ),
        indicator_red_message(
            indicator_title=s,
            reference=s,
            value_text=s,
            red_threshold=s,
            previous_rag=s,
            month=dt.date.today(),
        ),
        check_failure_message(asset=s, check_name=s, severity="WARN", run_id=None, ui_base_url=UI),
    ]
    for message in messages:
        assert pii.leaked(everything(message)) == [], message.kind


def test_gate_failure_shows_the_gate_authors_extra_keys() -> None:
    # The shape dagster_project.gates/ingest put in failed_rules, plus reason and date.
    metadata = gate_metadata() | {
        "extract_date": "2026-11-22",
        "reason": "episodes.csv: 40 of 480 rows (8.3%) fail row rules; child C004512",
        "failed_rules": [
            {
                "rule": "codes_in_list",
                "column": "LS",
                "rows": 40,
                "first_rows": [3, 17, 45, 46, 80, 81, 99],
                "why": "legal status not in the SSDA903 list, e.g. 'Z9' for 'Ellie-Mae Thornton'",
            }
        ],
    }
    text = gate_failure_message(metadata, run_id=RUN_ID, ui_base_url=UI).text
    assert "Extract: 2026-11-22" in text
    assert "codes_in_list on LS: 40 rows (file rows 3, 17, 45, 46, 80, …)" in text
    assert "legal status not in the SSDA903 list" in text
    assert "Reason: episodes.csv: 40 of 480 rows (8.3%) fail row rules" in text
    assert pii.leaked(text) == []


def test_lag_warning_without_a_run_has_no_link() -> None:
    text = lag_warning_message(LAG_METADATA, run_id=None, ui_base_url=UI).text
    assert "extract 2026-10-30" in text
    assert "Run:" not in text  # no run, no link
