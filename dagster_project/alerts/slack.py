"""The Slack alerter: a Dagster resource that posts `AlertMessage`s.

It wraps `slack_sdk.WebClient` rather than using dagster-slack because
dagster-slack's resource and failure sensor cannot be pointed at another
base URL, and the tests run a fake Slack Web API on 127.0.0.1.

Two promises, both because an alert must never make things worse:

- without a token (a laptop, CI, a council that has not set Slack up) the
  message is logged instead of sent;
- a Slack error, a timeout or a refused connection is logged and swallowed:
  a run never fails, and a sensor tick never errors, for want of Slack.

Every outgoing text also passes `redaction.scrub_identifiers`, the last line
of defence should a builder ever be handed an identifier, and is then
escaped as Slack's formatting rules ask (`&`, `<`, `>` as `&amp;`, `&lt;`,
`&gt;`): a sheet renamed `<!channel> Jayden Okafor`, a `<@U123>` mention or
a `<http://evil|click>` link read from a file arrives as text, never as a
channel-wide ping, a mention or a link. This module is the one place
messages leave, so escaping here covers every builder. The only `<...>`
markup that survives is our own links (see `messages.format`): a context
element that is exactly `<report_url|Open the latest performance report>`
for the configured report URL, or `<ui/runs/<run id>|Open the run in
Dagster>` on the configured Dagster UI.
"""

from __future__ import annotations

import logging
import os
import random
import re
import time
from typing import Any

import dagster as dg
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator

from dagster_project.alerts.messages.format import AlertMessage, with_report_link
from dagster_project.alerts.redaction import scrub, scrub_identifiers
from dagster_project.settings import load_settings

LOGGER_NAME = "lac_alerts"

# Why these bounds: an alert is worth one quick retry, not a stalled sensor
# tick (Dagster times sensor evaluations out at 60 s by default). Two
# connection retries half a second apart ride out a blip; a rate-limit wait is
# capped so a long Retry-After cannot hold the tick.
_CONNECTION_RETRIES = 2
_RETRY_INTERVAL_SECONDS = 0.5
_RATE_LIMIT_MAX_WAIT_SECONDS = 5.0


class _CappedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """Slack's 429 handler, but never sleeping longer than the cap."""

    def prepare_for_next_attempt(self, *, state, request, response=None, error=None) -> None:
        if response is None:
            raise error  # type: ignore[misc]
        state.next_attempt_requested = True
        wait = 1.0
        for key, values in response.headers.items():
            if key.lower() == "retry-after":
                try:
                    wait = float(values[0] if isinstance(values, list) else values)
                except (TypeError, ValueError):
                    wait = 1.0
        time.sleep(min(wait + random.random() / 10, _RATE_LIMIT_MAX_WAIT_SECONDS))
        state.increment_current_attempt()


def _retry_handlers() -> list:
    interval = FixedValueRetryIntervalCalculator(_RETRY_INTERVAL_SECONDS)
    return [
        ConnectionErrorRetryHandler(
            max_retry_count=_CONNECTION_RETRIES, interval_calculator=interval
        ),
        _CappedRateLimitRetryHandler(max_retry_count=1),
        ServerErrorRetryHandler(max_retry_count=1, interval_calculator=interval),
    ]


# Our own links, as `messages.format` writes them: the whole text of a context
# element, a URL with no space or markup in it, and one of our fixed labels.
_RUN_LINK = re.compile(r"<(https?://[^\s<>|]+/runs/[A-Za-z0-9-]+)\|Open the run in Dagster>")
_REPORT_LINK = re.compile(r"<([^\s<>|]+)\|Open the latest performance report>")


def escape_mrkdwn(text: str) -> str:
    """Slack's three control characters as entities, so nothing in `text` is markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _safe_text(text: str) -> str:
    return escape_mrkdwn(scrub_identifiers(text))


def _own_link(text: str, report_url: str | None, ui_base_url: str | None) -> bool:
    """Is `text` exactly one of our links, to our report or a run on our Dagster UI?

    With no UI address configured (an alerter built by hand) any run page
    link is ours; its label is fixed and its URL holds no markup.
    """
    report = _REPORT_LINK.fullmatch(text)
    if report:
        return bool(report_url) and report.group(1) == report_url
    run = _RUN_LINK.fullmatch(text)
    if run:
        return ui_base_url is None or run.group(1).startswith(ui_base_url.rstrip("/") + "/runs/")
    return False


def _guard(value: Any, links: tuple[str | None, str | None] = (None, None)) -> Any:
    """Apply the identifier guard and Slack escaping to every string in Block Kit.

    A context element that is exactly one of our links (`links` is the
    report URL and the UI address) is kept as it is.
    """
    if isinstance(value, str):
        return _safe_text(value)
    if isinstance(value, list):
        return [_guard(v, links) for v in value]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "elements" and isinstance(item, list):
                out[key] = [
                    e
                    if isinstance(e, dict)
                    and e.get("type") == "mrkdwn"
                    and isinstance(e.get("text"), str)
                    and _own_link(e["text"], *links)
                    else _guard(e, links)
                    for e in item
                ]
            elif key in ("text", "fields"):
                out[key] = _guard(item, links)
            else:
                out[key] = item
        return out
    return value


class SlackAlerter(dg.ConfigurableResource):
    """Posts alerts to the performance team's Slack channel (or logs them)."""

    token: str | None = None
    channel: str = "#lac-performance"
    base_url: str = "https://slack.com/api/"
    # Seconds to wait for Slack's answer before giving the alert up (logged,
    # never failing the run). None waits as long as it takes: the tests'
    # alerters, whose local fake Slack a loaded machine may answer slowly.
    timeout_seconds: int | None = 10
    # Where the night's report can be opened; every alert links to it.
    report_url: str | None = None
    # The Dagster UI the run links point at; only links to its run pages are
    # sent as links (None: any run page link, for alerters built by hand).
    ui_base_url: str | None = None

    @classmethod
    def from_settings(cls) -> SlackAlerter:
        """Build from the environment (SLACK_BOT_TOKEN, SLACK_CHANNEL, SLACK_BASE_URL).

        The token is passed as an `EnvVar` so the Dagster UI shows the variable's
        name, never the secret; with no token set, alerts are logged.
        """
        settings = load_settings()
        token = dg.EnvVar("SLACK_BOT_TOKEN") if os.environ.get("SLACK_BOT_TOKEN") else None
        return cls(
            token=token,
            channel=settings.slack_channel,
            base_url=settings.slack_base_url,
            report_url=settings.report_url,
            ui_base_url=settings.ui_base_url,
        )

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    def _client(self) -> WebClient:
        return WebClient(
            token=self.token,
            base_url=self.base_url,
            timeout=self.timeout_seconds,
            retry_handlers=_retry_handlers(),
        )

    def send(self, message: AlertMessage, log: logging.Logger | Any | None = None) -> bool:
        """Post the message; True if Slack accepted it. Never raises.

        `log` may be a Dagster context's `log` so the outcome shows in the
        run's or tick's event log; otherwise the `lac_alerts` logger is used.
        """
        logger = log or logging.getLogger(LOGGER_NAME)
        message = with_report_link(message, self.report_url)
        # `text` (scrubbed, readable) is what the log shows; the plain-text
        # twin Slack gets is shown in notifications and parsed for mentions
        # too, so it is escaped like the blocks.
        text = scrub_identifiers(message.text)
        blocks = _guard(message.blocks, (self.report_url, self.ui_base_url))
        if not self.enabled:
            logger.info(f"Slack not configured (SLACK_BOT_TOKEN unset); alert not sent:\n{text}")
            return False
        try:
            response = self._client().chat_postMessage(
                channel=self.channel, text=escape_mrkdwn(text), blocks=blocks, unfurl_links=False
            )
        except SlackApiError as exc:
            error = exc.response.get("error") if exc.response is not None else None
            logger.warning(
                f"Slack refused the {message.kind} alert ({scrub(str(error))}); alert was:\n{text}"
            )
            return False
        except Exception as exc:  # connection refused, timeout, bad URL: never fail a run
            logger.warning(
                f"Could not reach Slack for the {message.kind} alert "
                f"({type(exc).__name__}); alert was:\n{text}"
            )
            return False
        logger.info(f"Slack alert sent ({message.kind}): {message.title}")
        return bool(response.get("ok"))
