"""The raw history: every accepted extract, kept, in one DuckDB file.

One view per contract table, named `<source>__<table>`, giving every accepted
extract in full: the contract's columns typed plus three lineage columns:

- `_extract_date` (DATE): the night the source dropped the extract;
- `_source_file` (VARCHAR): the landing file's name (never its content);
- `_row_number` (BIGINT): 1-based data row in that file, on the night the
  row (as it stands) first appeared; null on later nights.

The extracts are stored as row versions, not snapshots (row_versions.py):
storage grows with what changed, and any month's figure can still be
recomputed exactly as it was known on any earlier night. Two
bookkeeping tables sit beside them: `_extract_log` (one row per drop and
table, accepted or rejected, with sha256 and row counts) and `_quarantine`
(one row per gate finding, naming file, row, column, rule and what was done,
`action` 'field_nulled' or 'row_dropped', never a value). `_quarantine` also
holds the row's `child_id` where the table has one, so the dbt side can count
the children a finding touches and the people who correct records can find
them: the raw history is never published, and nothing from it with an id
leaves except through the restricted output.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from contract import Table, load_contract
from dagster_project.benchmarks.store import ensure_schema as ensure_dfe_schema
from dagster_project.duckdb_lock import connect_when_free, when_free
from dagster_project.indicator_history import ensure_schema as ensure_indicator_history_schema
from dagster_project.restricted import OWNER_ONLY_FILE, owner_only_dir
from dagster_project.row_versions import NIGHTS_DDL, SCHEMA, VERSION_COLUMNS, versions_ddl, view_ddl
from dagster_project.ssda903.raw_tables import (
    ensure_findings_table as ensure_ssda903_findings_table,
)
from dagster_project.ssda903.raw_tables import raw_tables as ssda903_raw_tables

# The private copy an engineer reads instead of the raw history itself.
COPY_NAME = "raw_history_copy.duckdb"

# DuckDB's memory in the pipeline process while it writes the raw history.
# Its default, 80% of the machine, let a night's large tables (the temp
# tables of row_versions.write_night, 850,000 visits at ten times the
# default population) take 1.56 GB of process memory; with this limit DuckDB
# spills to `raw_history.duckdb.tmp` beside the file, in the raw history's
# owner-only folder. Measured at 10x (scripts/benchmark_nightly.py --landing):
# peak 1,571 -> 1,459 MB for the whole tree, CPU 182 -> 178 s
# (docs/performance.md); the default LA's tables fit without spilling.
WRITE_MEMORY_LIMIT = "384MB"

DUCKDB_TYPES = {
    "string": "VARCHAR",
    "code": "VARCHAR",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "integer": "BIGINT",
    "boolean": "BOOLEAN",
}

EXTRACT_LOG_DDL = """
create table if not exists _extract_log (
    source varchar not null,
    table_name varchar not null,
    extract_date date not null,
    file_name varchar not null,
    sha256 varchar,
    rows_read bigint,
    rows_accepted bigint,
    rows_quarantined bigint,
    status varchar not null,          -- accepted | rejected
    reason varchar,
    ingested_at timestamp not null default current_timestamp
)
"""

QUARANTINE_DDL = """
create table if not exists _quarantine (
    source varchar not null,
    table_name varchar not null,
    extract_date date not null,
    file_name varchar not null,
    row_number bigint not null,
    column_name varchar not null,
    rule varchar not null,
    quarantined_at timestamp not null default current_timestamp,
    action varchar,                   -- field_nulled | row_dropped
    child_id varchar                  -- the row's child id, where the table has one
)
"""

# Raw histories written before `action` and `child_id` existed: add them,
# and mark the old findings as what they were (every finding then dropped its
# row). Idempotent, so it runs on every connect.
QUARANTINE_MIGRATIONS = (
    "alter table _quarantine add column if not exists action varchar",
    "alter table _quarantine add column if not exists child_id varchar",
    "update _quarantine set action = 'row_dropped' where action is null",
)


MIGRATE_COMMAND = "make migrate-raw-history"


class SnapshotHistory(RuntimeError):
    """The raw history still stores one snapshot per night: migrate it first."""


def stored_tables() -> tuple[Table, ...]:
    """Every table the raw history keeps as row versions: the contract's and the 903's.

    The 903's tables are declared from its layout, not the contract
    (ssda903/raw_tables.py), and exist empty for a council that sends none,
    so dbt's 903 sources resolve for every council.
    """
    return (*load_contract().tables(), *ssda903_raw_tables())


def snapshot_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Raw tables still stored the old way: a table (not a view) in `main`."""
    names = {t.qualified_name for t in stored_tables()}
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'main' and table_type = 'BASE TABLE'"
    ).fetchall()
    return sorted(r[0] for r in rows if r[0] in names)


def _columns(con: duckdb.DuckDBPyConnection, schema: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for table_name, column in con.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = ? order by table_name, ordinal_position",
        [schema],
    ).fetchall():
        found.setdefault(table_name, []).append(column)
    return found


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Every raw table's versions table and its view, created or brought up to date."""
    con.execute(f"create schema if not exists {SCHEMA}")
    con.execute(NIGHTS_DDL)
    existing = _columns(con, SCHEMA)
    for table in stored_tables():
        name = table.qualified_name
        con.execute(versions_ddl(table, DUCKDB_TYPES))
        # a column added to the contract later (e.g. visits.SIBLING_GROUP_ID):
        # the table gains it, earlier extracts keep it null
        for c in table.columns:
            if name in existing and c.name not in existing[name]:
                con.execute(
                    f'alter table {SCHEMA}."{name}" add column "{c.name}" {DUCKDB_TYPES[c.type]}'
                )
    stored = _columns(con, SCHEMA)
    for table in stored_tables():
        columns = [c for c in stored[table.qualified_name] if c not in VERSION_COLUMNS]
        con.execute(view_ddl(table, columns))


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every raw table and the bookkeeping tables if they are missing.

    The DfE benchmark tables are created here too (their layout lives with
    their loader), so dbt's sources exist however early it runs. A raw
    history that still holds nightly snapshots is refused, naming the
    command that migrates it: rewriting every child-level row is done once,
    on purpose, not as a side effect of a run.
    """
    legacy = snapshot_tables(con)
    if legacy:
        raise SnapshotHistory(
            f"the raw history stores {len(legacy)} table(s) as nightly snapshots "
            f"(e.g. {legacy[0]}): migrate it to row versions with `{MIGRATE_COMMAND}` "
            "(python -m dagster_project.migrate_raw_history), then run again"
        )
    ensure_tables(con)
    con.execute(EXTRACT_LOG_DDL)
    con.execute(QUARANTINE_DDL)
    for statement in QUARANTINE_MIGRATIONS:
        con.execute(statement)
    ensure_dfe_schema(con)
    ensure_indicator_history_schema(con)
    ensure_ssda903_findings_table(con)


def connect(
    path: Path, read_only: bool = False, *, sleep: Callable[[float], None] = time.sleep
) -> duckdb.DuckDBPyConnection:
    """Open the raw history, creating the file and its schema on first use.

    A reader in another process (a sensor tick, `make inspect`'s copy) is
    waited for, a bounded number of times (duckdb_lock.py). The file and its
    folder are the owner's only: the raw history holds every child-level row.
    """
    if read_only:
        return connect_when_free(path, read_only=True, sleep=sleep)
    owner_only_dir(path.parent)
    con = connect_when_free(path, sleep=sleep)
    con.execute(f"set memory_limit = '{WRITE_MEMORY_LIMIT}'")
    path.chmod(OWNER_ONLY_FILE)
    ensure_schema(con)
    return con


def copy_for_reading(
    path: Path, restricted_dir: Path, *, sleep: Callable[[float], None] = time.sleep
) -> Path:
    """A private copy of the raw history to inspect, so no session holds the real file.

    The copy is taken through a read-only connection held for as long as the
    copy takes (about a second), which the nightly run's writer waits for; a
    session then left open on the copy stops nothing. It holds child-level
    rows, so it lives in the restricted folder, owner-only, and each copy
    replaces the last.
    """
    folder = owner_only_dir(restricted_dir)
    target = folder / COPY_NAME
    partial = folder / f".{COPY_NAME}.partial"
    copy_database(path, partial, sleep=sleep)
    os.replace(partial, target)
    return target


def copy_database(source: Path, copy: Path, *, sleep: Callable[[float], None] = time.sleep) -> None:
    """Copy every schema and table of the DuckDB file `source` into a new file `copy`.

    Owner-only (a raw history holds child-level rows); removed again if the
    copy fails. Attaching the source waits, with backoff, while another
    process holds it (duckdb_lock.py).
    """
    copy.unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        when_free(
            lambda: con.execute("attach ? as source (read_only)", [str(source)]),
            source,
            sleep=sleep,
        )
        con.execute("attach ? as copy", [str(copy)])
        con.execute("copy from database source to copy")
        con.execute("detach copy")
        con.execute("detach source")
    except BaseException:
        copy.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    copy.chmod(OWNER_ONLY_FILE)


def latest_accepted_extract_dates(con: duckdb.DuckDBPyConnection) -> dict[str, dt.date]:
    """Newest accepted extract date per source.

    A drop counts once any of its tables was accepted: a drop rejected whole
    has only rejected rows, so it does not make a source look fresh.
    """
    rows = con.execute(
        "select source, max(extract_date) from _extract_log "
        "where status = 'accepted' group by source"
    ).fetchall()
    return dict(rows)


def as_of_date(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The night the figures are as at: the newest accepted social care extract.

    The one home of this rule: every indicator hangs off the social care
    episodes, so the night is theirs; a council that sends the SSDA903 return
    instead (no social care extract ever accepted) takes the 903's newest
    extract. dbt receives it as the var as_of_date (dbt_project.dbt_vars);
    None before either is accepted.
    """
    newest = latest_accepted_extract_dates(con)
    return newest.get("social_care") or newest.get("ssda903")
