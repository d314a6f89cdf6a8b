"""Tell a warning once: again only when it changes, or in a weekly reminder.

Every clean night used to post the same six warnings (the lag check and
five dbt warning tests), so the night something really changed looked like
every other night. The memory keeps, per warning (check on asset), what it
last said (`FailedCheck.substance`) and when it was first and last told:

- a new warning, or one that says something new, is sent in full;
- an unchanged warning is silent, except once a week, when every warning
  still open and due a reminder is listed in one message;
- a check that passes is forgotten, so its return is news again.

The state is a small JSON file in the Dagster instance's folder
($DAGSTER_HOME/lac_alerts/warnings_told.json), not a sensor cursor: the
run-status sensor's cursor belongs to Dagster (it records which runs the
sensor has seen), and `make run` reports its in-process runs itself
(in_process.py), so the sensor and `make run` must share one memory.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import dagster as dg

from dagster_project.alerts.check_alerts import FailedCheck
from dagster_project.alerts.messages import AlertMessage, warnings_reminder_message

# A week: the team's weekly performance meeting looks at what is still open,
# and a warning nobody acted on for a week deserves one more word.
REMINDER_DAYS = 7

STATE_FILE = Path("lac_alerts") / "warnings_told.json"


def memory_path(instance: dg.DagsterInstance) -> Path:
    return Path(instance.root_directory) / STATE_FILE


def read_memory(path: Path) -> dict[str, dict[str, Any]]:
    """What was told before; empty when there is no file or it cannot be read."""
    try:
        state = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError):
        return {}
    return state if isinstance(state, dict) else {}


def write_memory(path: Path, state: dict[str, dict[str, Any]]) -> None:
    """Write whole or not at all: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(state, indent=1, sort_keys=True))
    temporary.replace(path)


def _readable(told: Any) -> bool:
    """An entry this module wrote; anything else is forgotten (and told again)."""
    try:
        dt.date.fromisoformat(told["first_told"])
        dt.date.fromisoformat(told["last_told"])
        return "substance" in told
    except (TypeError, KeyError, ValueError):
        return False


Entries = dict[str, dict[str, Any]]


def _reminder_due(told: dict[str, Any], today: dt.date) -> bool:
    """A week or more since this was last told."""
    return (today - dt.date.fromisoformat(told["last_told"])).days >= REMINDER_DAYS


def plan_tonight(
    found: Iterable[FailedCheck], passed: Iterable[str], state: Entries, today: dt.date
) -> tuple[Entries, list[tuple[AlertMessage, Entries]]]:
    """(the memory without checks that passed, each message to send with what it records).

    A message's entries are remembered only once Slack has accepted it, so a
    warning that could not be delivered is tried again the next night.
    """
    gone = set(passed)
    state = {k: dict(told) for k, told in state.items() if k not in gone and _readable(told)}
    to_send: list[tuple[AlertMessage, Entries]] = []
    due, reminded = [], {}
    for check in found:
        told = state.get(check.key)
        if told is None or told["substance"] != check.substance:
            entry = {"substance": check.substance, "first_told": today.isoformat()}
            to_send.append((check.message, {check.key: {**entry, "last_told": today.isoformat()}}))
        elif _reminder_due(told, today):
            due.append((check.check_name, check.asset, dt.date.fromisoformat(told["first_told"])))
            reminded[check.key] = {**told, "last_told": today.isoformat()}
    if due:
        to_send.append((warnings_reminder_message(due, today=today), reminded))
    return state, to_send


def tell_warnings(
    instance: dg.DagsterInstance,
    found: Iterable[FailedCheck],
    passed: Iterable[str],
    today: dt.date,
    send: Callable[[AlertMessage], bool],
) -> tuple[int, int]:
    """Send tonight's news through `send`; (messages due, messages Slack accepted).

    The memory lives in the instance's folder and is updated for what was sent.
    """
    path = memory_path(instance)
    state, to_send = plan_tonight(found, passed, read_memory(path), today)
    sent = 0
    for message, entries in to_send:
        if send(message):
            state.update(entries)
            sent += 1
    write_memory(path, state)
    return len(to_send), sent


def tell_summary(
    instance: dg.DagsterInstance,
    key: str,
    substance: str | None,
    today: dt.date,
    send: Callable[[], bool],
) -> bool:
    """Send a nightly summary (data quality, health reconciliation) only when it is news.

    The same memory as the warnings: the summary is sent in full when what it
    says (`substance`, its counts without the date) is new or changed, or
    once a week while it stays the same, so the team meeting still sees it;
    a night on which nothing came in does not repeat yesterday's message.
    `substance` None (nothing to report) forgets it, so its return is news.
    True if Slack accepted the message.
    """
    path = memory_path(instance)
    state = {k: told for k, told in read_memory(path).items() if _readable(told)}
    told = state.get(key)
    if substance is None:
        state.pop(key, None)
        write_memory(path, state)
        return False
    unchanged = told is not None and told["substance"] == substance
    if unchanged and not _reminder_due(told, today):
        return False
    if not send():
        return False
    first = told["first_told"] if unchanged else today.isoformat()
    state[key] = {"substance": substance, "first_told": first, "last_told": today.isoformat()}
    write_memory(path, state)
    return True
