"""Fixtures for the alert tests: a running fake Slack, an alerter pointed at it,
the settings resource the sensors take (tmp folders), and a guard that fails
any test whose Slack messages or logs leak a simulated identifier (so every
message these tests produce is scanned, not just some)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from dagster_project.alerts.slack import SlackAlerter
from dagster_project.resources import LacSettings
from tests.support.fake_slack import FakeSlack
from tests.support.fixtures import fake_slack  # noqa: F401  (fixture re-export)
from tests.support.pii import leaked

UI_BASE_URL = "http://dagster.test:3000"


@pytest.fixture
def lac_settings(tmp_path) -> LacSettings:
    """The settings resource the sensors take: a test UI address and tmp folders."""
    return LacSettings(data_dir=str(tmp_path / "data"), ui_base_url=UI_BASE_URL)


@pytest.fixture(autouse=True)
def _no_slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """`SlackAlerter.from_settings` reads the environment: keep a real token out."""
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    monkeypatch.delenv("SLACK_BASE_URL", raising=False)
    monkeypatch.delenv("SLACK_CHANNEL", raising=False)


@pytest.fixture
def alerter(fake_slack: FakeSlack) -> Iterator[SlackAlerter]:  # noqa: F811
    yield fake_slack.alerter(channel="#lac-test")
    for text in fake_slack.texts():
        assert not leaked(text), f"identifier sent to Slack: {leaked(text)}\n{text}"


@pytest.fixture(autouse=True)
def _no_identifier_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.INFO)
    yield
    # Only our alert lines: Dagster's own step-failure logs quote the raw
    # exception in the run's event log, which is the data engineers' view.
    alert_lines = "\n".join(
        r.getMessage()
        for r in caplog.records
        if r.name == "lac_alerts" or "Slack" in r.getMessage()
    )
    assert not leaked(alert_lines), f"identifier logged: {leaked(alert_lines)}"
