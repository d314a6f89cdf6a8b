"""A rejection lists its failed rules by the rows they fail, largest first, as Slack receives it."""

from __future__ import annotations

from dagster_project.alerts.messages import gate_failure_message
from dagster_project.alerts.messages.gates import RULES_SHOWN
from dagster_project.alerts.slack import SlackAlerter
from tests.support.fake_slack import FakeSlack

UI = "http://dagster.test:3000"


def _rule(name: str, column: str, rows: int | None) -> dict:
    return {"rule": name, "column": column, "rows": rows}


def _rule_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("• ")]


def test_a_large_new_defect_is_listed_before_an_old_small_one(
    alerter: SlackAlerter, fake_slack: FakeSlack
) -> None:
    # Suite order: the old 5-row defect comes first, the 991-row one second.
    metadata = {
        "source": "social_care",
        "table": "episodes",
        "file": "episodes.csv",
        "failed_rules": [
            _rule("dates_in_order", "DEC", 5),
            _rule("placement_code_valid", "PLACE", 991),
            _rule("legal_status_valid", "LS", 12),
            {"rule": "file_readable"},  # structural, no row count
        ],
        "rows_quarantined": 1008,
        "rows_read": 4000,
    }
    assert alerter.send(gate_failure_message(metadata, run_id="r1", ui_base_url=UI))
    (message,) = fake_slack.messages
    assert _rule_lines(message["text"]) == [
        "• placement_code_valid on PLACE: 991 rows",
        "• legal_status_valid on LS: 12 rows",
        "• dates_in_order on DEC: 5 rows",
        "• file_readable",
    ]
    # The Block Kit section the channel shows has the same order.
    section = next(b for b in message["blocks"] if b["type"] == "section")["text"]["text"]
    assert section.index("placement_code_valid") < section.index("dates_in_order")


def test_many_rules_show_the_largest_and_count_the_rest(
    alerter: SlackAlerter, fake_slack: FakeSlack
) -> None:
    rules = [_rule(f"rule_{n:02d}", "COL", n) for n in range(1, RULES_SHOWN + 4)]
    metadata = {"source": "health", "table": "assessments", "failed_rules": rules}
    alerter.send(gate_failure_message(metadata, run_id="r1", ui_base_url=UI))
    lines = _rule_lines(fake_slack.messages[0]["text"])
    assert len(lines) == RULES_SHOWN
    assert lines[0] == f"• rule_{RULES_SHOWN + 3:02d} on COL: {RULES_SHOWN + 3} rows"
    assert "• rule_01 on COL: 1 rows" not in lines
    assert "…and 3 more failed rules" in fake_slack.messages[0]["text"]
