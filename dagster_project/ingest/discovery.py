"""Find the drops waiting in the landing zone.

Belongs here: listing `<landing>/<source>/<YYYY-MM-DD>/` folders and deciding
which are new. A drop is waiting when its extract date is later than the last
extract date `_extract_log` records for that source (accepted, rejected or
no change): a rejected drop is not retried every night. Waiting drops are
returned oldest first, because raw history is a sequence of snapshots and lag
is measured between consecutive extracts.

A rejected drop can be corrected and re-delivered under the same date: put
the corrected files in its folder and an empty file named `REDELIVERY` beside
them. The drop is then read again once (the marker's modification time is
logged as a `redelivery` row, so the same marker is not acted on twice).

Folders that are not dates (such as `_truth`, the simulator's answer key, or
any `_`-prefixed working folder) are not drops; `landing` reports the ones
that look like a mistake. A folder that is a link out of the landing zone is
never a drop.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

REDELIVERY_MARKER = "REDELIVERY"


@dataclass(frozen=True)
class Drop:
    source: str
    extract_date: dt.date
    path: Path


def parse_date(name: str) -> dt.date | None:
    if name.startswith("_") or len(name) != 10:
        return None
    try:
        return dt.date.fromisoformat(name)
    except ValueError:
        return None


def inside(landing_dir: Path, path: Path) -> bool:
    """Whether `path`, links followed, is inside the landing zone."""
    return path.resolve().is_relative_to(landing_dir.resolve())


def all_drops(landing_dir: Path, source: str) -> list[Drop]:
    """Every extract-date folder of `source` inside the landing zone, oldest first."""
    base = landing_dir / source
    if not base.is_dir() or not inside(landing_dir, base):
        return []
    drops = []
    for child in base.iterdir():
        date = parse_date(child.name)
        if date is not None and child.is_dir() and inside(landing_dir, child):
            drops.append(Drop(source, date, child))
    return sorted(drops, key=lambda d: d.extract_date)


def last_logged_extract(con: duckdb.DuckDBPyConnection, source: str) -> dt.date | None:
    """The latest extract date of `source` in `_extract_log`, whatever its status."""
    row = con.execute(
        "select max(extract_date) from _extract_log where source = ?", [source]
    ).fetchall()
    return row[0][0] if row else None


def redelivery_stamp(drop: Drop) -> str | None:
    """The REDELIVERY marker's identity (its modification time), or None."""
    marker = drop.path / REDELIVERY_MARKER
    if not marker.is_file() or marker.is_symlink():
        return None
    return f"mtime_ns {marker.stat().st_mtime_ns}"


def logged_statuses(con: duckdb.DuckDBPyConnection, drop: Drop) -> dict[str, set[str]]:
    """status -> the sha256 values logged with it, for this drop's date."""
    rows = con.execute(
        "select status, sha256 from _extract_log where source = ? and extract_date = ?",
        [drop.source, drop.extract_date],
    ).fetchall()
    statuses: dict[str, set[str]] = {}
    for status, sha in rows:
        statuses.setdefault(status, set()).add(sha)
    return statuses


def redelivery_pending(con: duckdb.DuckDBPyConnection, drop: Drop) -> bool:
    """A logged, not accepted drop with a REDELIVERY marker not acted on yet."""
    stamp = redelivery_stamp(drop)
    statuses = logged_statuses(con, drop)
    if stamp is None or not statuses or "accepted" in statuses:
        return False
    return stamp not in statuses.get("redelivery", set())


def waiting_drops(landing_dir: Path, con: duckdb.DuckDBPyConnection, source: str) -> list[Drop]:
    """Drops of `source` newer than anything logged, or re-delivered; oldest first."""
    last = last_logged_extract(con, source)
    drops = all_drops(landing_dir, source)
    new = [d for d in drops if last is None or d.extract_date > last]
    again = [d for d in drops if d not in new and redelivery_pending(con, d)]
    return sorted(again + new, key=lambda d: d.extract_date)
