"""Alerts name the council they are about, and only ever a checked 3-digit code."""

from __future__ import annotations

from dagster_project.alerts.messages import for_council, run_failure_message

UI = "http://dagster.test:3000"


def _message():
    return run_failure_message(job_name="council_ingest", run_id="abc", ui_base_url=UI)


def test_a_councils_message_starts_with_its_code_everywhere_it_is_read():
    message = for_council(_message(), "801")
    assert message.title == "Council 801: Run failed: council_ingest"
    assert message.text.startswith("Council 801: Run failed: council_ingest")
    header = next(b for b in message.blocks if b["type"] == "header")
    assert header["text"]["text"] == ":red_circle: Council 801: Run failed: council_ingest"
    assert message.kind == "run_failure"


def test_anything_but_a_three_digit_code_leaves_the_message_as_it_was():
    plain = _message()
    for tag in (None, "", "80", "8011", "<!channel>", "801 Jayden"):
        assert for_council(plain, tag) == plain
