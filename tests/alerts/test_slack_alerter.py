"""SlackAlerter against a real local fake of the Slack Web API."""

from __future__ import annotations

import datetime as dt
import logging
import socket
import threading

import dagster as dg
import pytest

from dagster_project.alerts import (
    SlackAlerter,
)
from dagster_project.alerts.messages import (
    AlertMessage,
    gate_failure_message,
    lag_warning_message,
    late_source_message,
    run_failure_message,
)
from tests.support import pii
from tests.support.fake_slack import VALID_TOKEN, FakeSlack

UI = "http://dagster.test:3000"
RUN_ID = "0f1e2d3c-aaaa-bbbb-cccc-123456789abc"

GATE = {
    "source": "virtual_school",
    "table": "peps",
    "file": "peps.csv",
    "failed_rules": [{"rule": "expect_column_values_to_match_regex", "column": "upn", "rows": 4}],
    "rows_quarantined": 4,
    "rows_read": 310,
}
LAG = {
    "abnormal_record_types": ["reviews"],
    "record_types": {
        "reviews": {
            "extract_date": "2026-10-30",
            "baseline_nights": 40,
            "tonight": {"n_recorded_7d": 2, "share_within_20wd": 0.9},
            "baseline_median": {"n_recorded_7d": 24.0, "share_within_20wd": 0.97},
        }
    },
}


def _messages() -> dict[str, tuple[AlertMessage, list[str]]]:
    """Each kind, with strings that must arrive in Slack."""
    return {
        "run_failure": (
            run_failure_message(
                job_name="nightly",
                run_id=RUN_ID,
                ui_base_url=UI,
                failed_steps=[("gx_social_care", "KeyError", "'CHILD'")],
            ),
            ["nightly", "gx_social_care", "KeyError", f"{UI}/runs/{RUN_ID}"],
        ),
        "gate_failure": (
            gate_failure_message(GATE, run_id=RUN_ID, ui_base_url=UI),
            ["virtual_school", "peps.csv", "expect_column_values_to_match_regex on upn: 4 rows"],
        ),
        "late_source": (
            late_source_message(
                source="health",
                newest_extract_date=dt.date(2026, 11, 1),
                cadence_days=7,
                days_overdue=15,
                today=dt.date(2026, 11, 23),
            ),
            ["health", "2026-11-01", "every 7 days", "15"],
        ),
        "lag_warning": (
            lag_warning_message(LAG, run_id=RUN_ID, ui_base_url=UI),
            [
                "Reviews",
                "2026-10-30",
                "40 normal nights",
                "2 (usually 24)",
                "90.0% (usually 97.0%)",
            ],
        ),
    }


@pytest.mark.parametrize("kind", ["run_failure", "gate_failure", "late_source", "lag_warning"])
def test_each_kind_arrives_with_its_content(
    kind: str, alerter: SlackAlerter, fake_slack: FakeSlack
) -> None:
    message, expected = _messages()[kind]
    assert alerter.send(message) is True
    assert len(fake_slack.messages) == 1
    received = fake_slack.messages[0]
    assert received["channel"] == "#lac-test"
    assert received["text"].startswith(message.title)
    assert received["blocks"][0]["type"] == "header"
    for needle in expected:
        assert needle in received["text"], needle
        assert needle in fake_slack.texts()[0], needle


def test_no_token_logs_instead_of_sending(
    fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    alerter = SlackAlerter(timeout_seconds=None, token=None, base_url=fake_slack.base_url)
    message, _ = _messages()["gate_failure"]
    with caplog.at_level(logging.INFO, logger="lac_alerts"):
        assert alerter.send(message) is False
    assert fake_slack.requests == 0
    assert "Slack not configured" in caplog.text
    assert "virtual_school" in caplog.text


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _HangUpServer:
    """A port that accepts each connection and closes it at once, counting them:
    Slack unreachable in a way the client retries, with its attempts countable
    (a refused port cannot count them)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return  # closed
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.listener.close()


def test_slack_unreachable_never_raises(caplog: pytest.LogCaptureFixture) -> None:
    # A refused port answers at once: nothing here waits on a clock.
    alerter = SlackAlerter(
        timeout_seconds=None, token=VALID_TOKEN, base_url=f"http://127.0.0.1:{_closed_port()}/api/"
    )
    message, _ = _messages()["run_failure"]
    assert alerter.send(message) is False
    assert "Could not reach Slack" in caplog.text
    assert "nightly" in caplog.text  # the alert itself is still in the log


def test_a_dropped_connection_is_retried_a_bounded_number_of_times(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Bounded retries, counted rather than timed: one attempt and two retries,
    # not a stalled sensor tick.
    server = _HangUpServer()
    try:
        alerter = SlackAlerter(
            timeout_seconds=None, token=VALID_TOKEN, base_url=f"http://127.0.0.1:{server.port}/api/"
        )
        message, _ = _messages()["run_failure"]
        assert alerter.send(message) is False
    finally:
        server.close()
    assert server.connections == 3
    assert "Could not reach Slack" in caplog.text


@pytest.mark.parametrize(
    ("mode", "attempts"),
    # An API error is final; a server error and a rate limit are retried once.
    [("api_error", 1), ("server_error", 2), ("rate_limited", 2)],
)
def test_slack_errors_never_raise(
    mode: str,
    attempts: int,
    alerter: SlackAlerter,
    fake_slack: FakeSlack,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake_slack.mode = mode
    message, _ = _messages()["late_source"]
    assert alerter.send(message) is False
    assert fake_slack.messages == []
    assert fake_slack.requests == attempts
    assert "health" in caplog.text


def test_wrong_token_is_refused_and_logged(
    fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    alerter = SlackAlerter(timeout_seconds=None, token="xoxb-wrong", base_url=fake_slack.base_url)
    assert alerter.send(_messages()["late_source"][0]) is False
    assert fake_slack.messages == []
    assert "invalid_auth" in caplog.text


def test_last_line_of_defence_scrubs_identifiers_even_from_a_raw_message(
    alerter: SlackAlerter, fake_slack: FakeSlack
) -> None:
    # A message built by hand, bypassing the builders' scrub().
    raw = "Child C004512, NHS 9991234567, UPN A123456789012, S60 2TH"
    message = AlertMessage(
        kind="test",
        title="hand-made",
        text=raw,
        blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": raw}}],
    )
    assert alerter.send(message) is True
    assert pii.leaked(fake_slack.texts()[0]) == []
    # Escaped, as every `<` Slack gets: Slack shows it as "<id>".
    assert "&lt;id&gt;" in fake_slack.messages[0]["text"]


def test_from_settings_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_CHANNEL", "#perf")
    monkeypatch.setenv("SLACK_BASE_URL", "http://127.0.0.1:9/api/")
    alerter = SlackAlerter.from_settings()
    assert (alerter.token, alerter.channel, alerter.base_url) == (
        None,
        "#perf",
        "http://127.0.0.1:9/api/",
    )
    assert not alerter.enabled

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-env")
    # The token is an EnvVar so the UI shows its name; Dagster resolves it on use.
    with dg.build_resources({"slack_alerter": SlackAlerter.from_settings()}) as resources:
        assert resources.slack_alerter.token == "xoxb-from-env"
        assert resources.slack_alerter.enabled
