"""Opening a DuckDB file that a reader in another process may hold.

DuckDB allows one writing process per file, or any number of read-only ones,
never both (https://duckdb.org/docs/current/connect/concurrency): a read-only
session open elsewhere makes a writer's connect fail at once with "Could not
set lock on file". The nightly run's own readers hold the raw history for
moments (a sensor tick's query, `make inspect`'s copy, dbt's read-only
attach), so a writer waits and tries again; a session left open for hours is
not waited for, and the error then says what to close.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

# Why 7 attempts, waiting 1 s and doubling to at most 30 s: the waits add up to
# 1+2+4+8+16+30 = 61 s, an order of magnitude above the readers that hold the
# file for moments (a copy of the raw history takes about a second), while a
# night with a session left open fails within a minute with a clear message
# rather than hanging. Bounded by attempts, not by the clock.
ATTEMPTS = 7
FIRST_WAIT_SECONDS = 1.0
LONGEST_WAIT_SECONDS = 30.0

LOCK_MESSAGE = "Could not set lock on file"

Opened = TypeVar("Opened")


class HeldByAReader(RuntimeError):
    """Another process still holds the file after every attempt."""


def waits(attempts: int = ATTEMPTS) -> list[float]:
    """The seconds slept between attempts: one fewer than the attempts."""
    return [
        min(FIRST_WAIT_SECONDS * 2**n, LONGEST_WAIT_SECONDS) for n in range(max(attempts - 1, 0))
    ]


def connect_when_free(
    path: Path,
    read_only: bool = False,
    *,
    attempts: int = ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, trying again with backoff while another process holds a conflicting lock."""
    return when_free(
        lambda: duckdb.connect(str(path), read_only=read_only), path, attempts=attempts, sleep=sleep
    )


def when_free(
    open_file: Callable[[], Opened],
    path: Path,
    *,
    attempts: int = ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
) -> Opened:
    """Call `open_file` (a connect or an attach of `path`) until no other process holds `path`."""
    for wait in [*waits(attempts), None]:
        try:
            return open_file()
        except duckdb.IOException as error:
            if LOCK_MESSAGE not in str(error):
                raise
            if wait is None:
                raise HeldByAReader(
                    f"{path.name} is still open in another process after {attempts} attempts: "
                    "close that session (to inspect the raw history, read a copy: "
                    "`make inspect`, see the README)"
                ) from error
            sleep(wait)
    raise AssertionError("unreachable")  # the loop returns or raises
