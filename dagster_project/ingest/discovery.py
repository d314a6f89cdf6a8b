"""Find the drops waiting in the landing zone.

Belongs here: listing `<landing>/<source>/<YYYY-MM-DD>/` folders and deciding
which are new. A drop is waiting when its extract date is later than the last
extract date `_extract_log` records for that source, accepted or rejected: a
rejected drop is not retried every night (files are never edited in place;
the source sends a new drop). Waiting drops are returned oldest first,
because raw history is a sequence of snapshots and lag is measured between
consecutive extracts.

Folders that are not dates (such as `_truth`, the simulator's answer key, or
any `_`-prefixed working folder) are ignored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class Drop:
    source: str
    extract_date: dt.date
    path: Path


def _parse_date(name: str) -> dt.date | None:
    if name.startswith("_") or len(name) != 10:
        return None
    try:
        return dt.date.fromisoformat(name)
    except ValueError:
        return None


def all_drops(landing_dir: Path, source: str) -> list[Drop]:
    """Every extract-date folder of `source`, oldest first."""
    base = landing_dir / source
    if not base.is_dir():
        return []
    drops = []
    for child in base.iterdir():
        date = _parse_date(child.name)
        if date is not None and child.is_dir():
            drops.append(Drop(source, date, child))
    return sorted(drops, key=lambda d: d.extract_date)


def last_logged_extract(con: duckdb.DuckDBPyConnection, source: str) -> dt.date | None:
    """The latest extract date of `source` in `_extract_log`, accepted or rejected."""
    row = con.execute(
        "select max(extract_date) from _extract_log where source = ?", [source]
    ).fetchone()
    return row[0] if row else None


def waiting_drops(landing_dir: Path, con: duckdb.DuckDBPyConnection, source: str) -> list[Drop]:
    """Drops of `source` newer than anything logged, oldest first."""
    last = last_logged_extract(con, source)
    return [d for d in all_drops(landing_dir, source) if last is None or d.extract_date > last]
