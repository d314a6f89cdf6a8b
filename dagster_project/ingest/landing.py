"""What the landing zone holds that ingest does not read, said out loud.

Belongs here: the report of folders and files ingest leaves alone, so that
nothing is skipped without a word:

- a folder whose name is not a YYYY-MM-DD date (`2024-13-45`, `31-10-2026`);
- a folder that links out of the landing zone (refused: ingest never reads
  outside it);
- a drop older than the newest logged extract that was never read (raw
  history is a sequence of snapshots; an out-of-order drop is not loaded);
- an accepted drop whose files changed after it was accepted (corrections
  must come as a new drop, or after a rejection with a REDELIVERY marker);
- a REDELIVERY marker beside a drop that was accepted (it only applies to a
  rejected one);
- files in the newest drop that the contract does not name (`episodes
  (1).csv`, `Episodes.CSV`): counted, never named.

Folder names come from outside and may hold anything, so a name that is not
a valid date is described by its shape, never repeated.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb

from contract import load_contract
from dagster_project.checksums import sha256_of
from dagster_project.ingest.discovery import (
    REDELIVERY_MARKER,
    all_drops,
    inside,
    last_logged_extract,
    parse_date,
)

_ISO_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DMY_SHAPE = re.compile(r"^\d{2}[-/.]\d{2}[-/.]\d{4}$")


def _shape(name: str) -> str:
    if _ISO_SHAPE.match(name):
        return "named like YYYY-MM-DD but not a real date"
    if _DMY_SHAPE.match(name):
        return "named like DD-MM-YYYY; drops are named YYYY-MM-DD"
    return "whose name is not a YYYY-MM-DD date"


def _folders(landing_dir: Path, source: str) -> list[Path]:
    base = landing_dir / source
    if not base.is_dir():
        return []
    # "_"-prefixed folders are working folders by convention (`_truth`).
    return sorted(p for p in base.iterdir() if not p.name.startswith("_"))


def misnamed_and_outside(landing_dir: Path, source: str) -> list[str]:
    findings = []
    folders = _folders(landing_dir, source)
    strangers = [p for p in folders if parse_date(p.name) is None]
    for i, path in enumerate(strangers, start=1):
        what = "folder" if path.is_dir() else "file"
        findings.append(
            f"{source}: a {what} {_shape(path.name)} ({i} of {len(strangers)}) is not a drop "
            "and was not read"
        )
    for path in folders:
        if path.is_symlink() and not inside(landing_dir, path):
            date = parse_date(path.name)
            label = f"drop {date}" if date else "a folder"
            findings.append(f"{source}: {label} links outside the landing zone and was refused")
    return findings


def out_of_order(landing_dir: Path, con: duckdb.DuckDBPyConnection, source: str) -> list[str]:
    last = last_logged_extract(con, source)
    if last is None:
        return []
    logged = {
        d
        for (d,) in con.execute(
            "select distinct extract_date from _extract_log where source = ?", [source]
        ).fetchall()
    }
    findings = []
    for path in _folders(landing_dir, source):
        date = parse_date(path.name)
        if date and date < last and date not in logged and path.is_dir():
            findings.append(
                f"{source}: drop {date} is older than the newest logged extract ({last}) "
                "and was not read; raw history takes snapshots in date order"
            )
    return findings


def changed_after_acceptance(
    landing_dir: Path, con: duckdb.DuckDBPyConnection, source: str
) -> list[str]:
    """Accepted drops whose files were modified since, and now differ."""
    rows = con.execute(
        "select extract_date, file_name, sha256, max(ingested_at) from _extract_log "
        "where source = ? and status = 'accepted' group by all",
        [source],
    ).fetchall()
    accepted: dict[dt.date, list[tuple[str, str, dt.datetime]]] = {}
    for date, file, sha, ingested in rows:
        accepted.setdefault(date, []).append((file, sha, ingested))
    findings = []
    for date, files in sorted(accepted.items()):
        folder = landing_dir / source / date.isoformat()
        if not folder.is_dir() or not inside(landing_dir, folder):
            continue
        changed = set()
        for file, sha, ingested in files:
            path = folder / file
            if not path.is_file():
                continue
            modified = dt.datetime.fromtimestamp(path.stat().st_mtime)
            # Only files touched since they were read are hashed again.
            if modified > ingested and sha256_of(path) != sha:
                changed.add(file)
        if changed:
            findings.append(
                f"{source}: drop {date} was accepted, and {', '.join(sorted(changed))} changed "
                "since; the raw history keeps what was accepted. Send corrections as a new drop"
            )
        if (folder / REDELIVERY_MARKER).exists():
            findings.append(
                f"{source}: drop {date} has a {REDELIVERY_MARKER} marker but was accepted; "
                "a re-delivery replaces only a rejected drop"
            )
    return findings


def unread_files(landing_dir: Path, source: str) -> list[str]:
    """Files of the newest drop that are not the contract's (hidden and `_` files aside)."""
    drops = all_drops(landing_dir, source)
    if not drops:
        return []
    newest = drops[-1]
    known = {t.file for t in load_contract().source(source).tables} | {REDELIVERY_MARKER}
    extra = [
        p
        for p in newest.path.iterdir()
        if p.name not in known and not p.name.startswith((".", "_"))
    ]
    if not extra:
        return []
    return [
        f"{source}: drop {newest.extract_date} holds {len(extra)} file(s) the contract does not "
        "name; they were not read"
    ]


def landing_report(landing_dir: Path, con: duckdb.DuckDBPyConnection, source: str) -> list[str]:
    """Every finding for `source`; empty when the landing zone holds only drops."""
    return [
        *misnamed_and_outside(landing_dir, source),
        *out_of_order(landing_dir, con, source),
        *changed_after_acceptance(landing_dir, con, source),
        *unread_files(landing_dir, source),
    ]
