"""Publishing the warehouse that BI tools read: copy the marts, then swap.

dbt builds into a working database that also holds record-level staging and
intermediate tables (child ids, dates of birth). The published file holds only
the `marts` schema: aggregate figures, safe to hand to a BI tool. It is
written beside the published file under a temporary name, checkpointed and
closed, then moved over the old one with `os.replace`, which is atomic on one
filesystem. A BI tool holding the old file open keeps reading the old file
(its inode lives until it closes it), never sees a half-built warehouse, and
cannot make the nightly run fail, because nothing ever opens the published
file for writing.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

PUBLISHED_SCHEMA = "marts"

# Column names that would carry a child's identity into the published file.
# The marts are aggregates; if one of these names ever appears there, a model
# has leaked record-level data and publishing stops.
IDENTIFYING_COLUMN_NAMES = frozenset(
    {"child", "child_id", "dob", "date_of_birth", "upn", "nhs_number", "home_post", "pl_post"}
    # the restricted lists' column (restricted.py): such a list is never a mart
    | {"source_child_id"}
)

KEPT_EXPORT_RUNS = 7


class PublishError(RuntimeError):
    """The working database is not fit to publish; the published file is untouched."""


@dataclass(frozen=True)
class PublishResult:
    warehouse_path: Path
    tables: dict[str, int]
    export_dir: Path | None


def _mart_tables(con: duckdb.DuckDBPyConnection, database: str) -> list[str]:
    rows = con.execute(
        """
        select table_name from duckdb_tables()
        where database_name = ? and schema_name = ?
        union
        select view_name from duckdb_views()
        where database_name = ? and schema_name = ? and not internal
        order by 1
        """,
        [database, PUBLISHED_SCHEMA, database, PUBLISHED_SCHEMA],
    ).fetchall()
    return [r[0] for r in rows]


def _check_no_identifying_columns(con: duckdb.DuckDBPyConnection, tables: list[str]) -> None:
    for table in tables:
        columns = con.execute(
            f'select * from build.{PUBLISHED_SCHEMA}."{table}" limit 0'
        ).description
        leaked = sorted({c[0] for c in columns} & IDENTIFYING_COLUMN_NAMES)
        if leaked:
            raise PublishError(
                f"marts.{table} has identifying column(s) {leaked}: refusing to publish"
            )


def publish_marts(
    build_db: Path,
    warehouse_path: Path,
    run_id: str,
    as_of_date: str | None,
    export_dir: Path | None = None,
) -> PublishResult:
    """Copy the marts of `build_db` into a new file and swap it into place."""
    if not build_db.exists():
        raise PublishError(f"working database {build_db} does not exist")
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = warehouse_path.with_name(f".{warehouse_path.name}.{run_id}.tmp")
    tmp_path.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    con = duckdb.connect(os.fspath(tmp_path))
    try:
        con.execute(f"attach '{build_db}' as build (read_only)")
        tables = _mart_tables(con, "build")
        if not tables:
            raise PublishError(f"working database {build_db} has no {PUBLISHED_SCHEMA} tables")
        _check_no_identifying_columns(con, tables)
        con.execute(f"create schema {PUBLISHED_SCHEMA}")
        for table in tables:
            con.execute(
                f'create table {PUBLISHED_SCHEMA}."{table}" as '
                f'select * from build.{PUBLISHED_SCHEMA}."{table}"'
            )
            counts[table] = con.execute(
                f'select count(*) from {PUBLISHED_SCHEMA}."{table}"'
            ).fetchone()[0]
        con.execute(
            f"create table {PUBLISHED_SCHEMA}.publish_info as select "
            "?::timestamp as published_at, ?::varchar as run_id, ?::date as as_of_date",
            [datetime.now(UTC).replace(tzinfo=None), run_id, as_of_date],
        )
        con.execute("detach build")
        exported = _export(con, tables, export_dir, run_id) if export_dir else None
        con.execute("checkpoint")
    except BaseException:
        con.close()
        tmp_path.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp_path, warehouse_path)
    return PublishResult(warehouse_path=warehouse_path, tables=counts, export_dir=exported)


def _export(
    con: duckdb.DuckDBPyConnection, tables: list[str], export_dir: Path, run_id: str
) -> Path:
    """Parquet and CSV copies for tools that cannot open DuckDB.

    Each run writes its own folder and then repoints `latest` (a symlink
    swapped with os.replace), so a reader never sees a half-written export.
    """
    run_dir = export_dir / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    for table in [*tables, "publish_info"]:
        relation = f'{PUBLISHED_SCHEMA}."{table}"'
        con.execute(f"copy {relation} to '{run_dir / table}.parquet' (format parquet)")
        con.execute(f"copy {relation} to '{run_dir / table}.csv' (header, delimiter ',')")
    latest = export_dir / "latest"
    tmp_link = export_dir / f".latest.{run_id}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(run_dir.name)
    os.replace(tmp_link, latest)
    _prune_old_exports(export_dir, keep=run_dir.name)
    return run_dir


def _prune_old_exports(export_dir: Path, keep: str) -> None:
    runs = sorted(
        (p for p in export_dir.iterdir() if p.is_dir() and not p.is_symlink()),
        key=lambda p: p.stat().st_mtime,
    )
    for old in runs[:-KEPT_EXPORT_RUNS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
