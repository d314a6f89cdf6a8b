"""Every Slack alert carries a link to the latest report."""

from __future__ import annotations

import datetime as dt

from dagster_project.alerts.messages import (
    late_source_message,
    run_failure_message,
    with_report_link,
)

REPORT_URL = "https://intranet.example.gov.uk/lac/reports/latest/report.html"


def test_the_run_failure_message_keeps_its_run_link_and_gains_the_report():
    message = run_failure_message(
        job_name="nightly", run_id="abc", ui_base_url="http://127.0.0.1:3000"
    )
    linked = with_report_link(message, REPORT_URL)
    context = [b for b in linked.blocks if b["type"] == "context"]
    assert len(context) == 1
    texts = [element["text"] for element in context[0]["elements"]]
    assert texts[0].startswith("<http://127.0.0.1:3000/runs/abc|")
    assert texts[1] == f"<{REPORT_URL}|Open the latest performance report>"
    assert linked.text.endswith(f"Report: {REPORT_URL}")
    # The original message is left as it was.
    assert all("report.html" not in str(block) for block in message.blocks)


def test_a_message_without_a_run_link_gains_a_context_block():
    message = late_source_message(
        source="health",
        newest_extract_date=None,
        cadence_days=7,
        days_overdue=3,
        today=dt.date(2026, 11, 30),
    )
    linked = with_report_link(message, REPORT_URL)
    assert linked.blocks[-1]["elements"][-1]["text"].startswith(f"<{REPORT_URL}|")


def test_no_report_url_leaves_the_message_alone():
    message = run_failure_message(job_name="nightly", run_id="abc", ui_base_url="http://x")
    assert with_report_link(message, None) is message
