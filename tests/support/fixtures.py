"""Pytest fixtures for the fake Slack; import them into a conftest or test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.fake_slack import VALID_TOKEN, FakeSlack


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """A running fake Slack Web API; `.base_url` ends in "/api/", `.messages` records posts."""
    server = FakeSlack(token=VALID_TOKEN).start()
    try:
        yield server
    finally:
        server.stop()
