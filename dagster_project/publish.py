"""Publishing the warehouse that BI tools read: copy the marts, then switch.

dbt builds into a working database that also holds record-level staging and
intermediate tables (child ids, dates of birth). The published file holds only
the `marts` schema: aggregate figures, safe to hand to a BI tool.

Each run publishes into its own folder, and one pointer says which run is
current, so the warehouse and its exports switch as one:

    <warehouse folder>/runs/<run id>/warehouse.duckdb
    <warehouse folder>/runs/<run id>/exports/<table>.parquet|.csv
    <warehouse folder>/runs/latest -> <run id>            (the one switch)
    <warehouse folder>/warehouse.duckdb -> runs/latest/warehouse.duckdb
    <export folder>/latest -> <warehouse folder>/runs/latest/exports

The run's folder is written under a temporary name, checkpointed and closed,
renamed to the run id, and only then is `runs/latest` repointed with
`os.replace`, which is atomic on one filesystem. The two paths readers open
(`warehouse.duckdb`, `exports/latest`) are fixed links through that one
pointer: a kill at any moment leaves both on the same night, the old one or
the new one. A BI tool holding the old file open keeps reading it (its inode
lives until it closes it), never sees a half-built warehouse, and cannot make
the nightly run fail, because nothing ever opens a published file for writing.

What a killed publish leaves behind (a half-written run folder, or a
`.warehouse.duckdb.<run>.tmp` from the layout before run folders) is removed
at the start of the next publish.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

PUBLISHED_SCHEMA = "marts"
# The figures themselves: a build with none of them is not published.
FIGURES_TABLE = "indicator_values"

# Column names that would carry a child's identity into the published file.
# The marts are aggregates; if one of these names ever appears there, a model
# has leaked record-level data and publishing stops.
IDENTIFYING_COLUMN_NAMES = frozenset(
    {"child", "child_id", "dob", "date_of_birth", "upn", "nhs_number", "home_post", "pl_post"}
    # the restricted lists' column (restricted.py): such a list is never a mart
    | {"source_child_id"}
)

# The default of the kept_runs setting (LAC_KEPT_RUNS, settings.py, which says why 7).
KEPT_RUNS = 7

RUNS_FOLDER = "runs"
LATEST = "latest"
EXPORTS_FOLDER = "exports"
UNFINISHED_SUFFIX = ".tmp"


class PublishError(RuntimeError):
    """The working database is not fit to publish; the published files are untouched."""


@dataclass(frozen=True)
class PublishResult:
    warehouse_path: Path
    tables: dict[str, int]
    export_dir: Path | None
    run_dir: Path


def runs_dir(warehouse_path: Path) -> Path:
    """Where each run's published folder lives, beside the warehouse readers open."""
    return warehouse_path.parent / RUNS_FOLDER


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


def remove_leftovers(warehouse_path: Path, export_dir: Path | None = None) -> list[Path]:
    """Remove what killed publishes left: unfinished run folders, temp files and links."""
    removed = []
    stale_files = [*warehouse_path.parent.glob(f".{warehouse_path.name}.*{UNFINISHED_SUFFIX}")]
    if export_dir and export_dir.is_dir():
        stale_files += export_dir.glob(f".{LATEST}.*{UNFINISHED_SUFFIX}")
    for stale in stale_files:
        stale.unlink(missing_ok=True)
        removed.append(stale)
    runs = runs_dir(warehouse_path)
    if runs.is_dir():
        for stale in runs.glob(f".*{UNFINISHED_SUFFIX}"):
            if stale.is_symlink() or not stale.is_dir():
                stale.unlink(missing_ok=True)
            else:
                shutil.rmtree(stale, ignore_errors=True)
            removed.append(stale)
    return removed


def publish_marts(
    build_db: Path,
    warehouse_path: Path,
    run_id: str,
    as_of_date: str | None,
    export_dir: Path | None = None,
    kept_runs: int = KEPT_RUNS,
) -> PublishResult:
    """Copy the marts of `build_db` into the run's own folder and switch `latest` to it.

    The newest `kept_runs` run folders are kept; older ones are removed.
    """
    if not build_db.exists():
        raise PublishError(f"working database {build_db} does not exist")
    remove_leftovers(warehouse_path, export_dir)
    runs = runs_dir(warehouse_path)
    runs.mkdir(parents=True, exist_ok=True)
    run_dir = _new_run_dir(runs, run_id)
    unfinished = runs / f".{run_dir.name}{UNFINISHED_SUFFIX}"
    unfinished.mkdir()
    try:
        counts = _write_warehouse(build_db, unfinished, run_id, as_of_date, export_dir)
        unfinished.rename(run_dir)
    except BaseException:
        shutil.rmtree(unfinished, ignore_errors=True)
        raise
    _repoint(runs / LATEST, run_dir.name)
    _link_readers_to_latest(warehouse_path, export_dir)
    _prune_old_runs(runs, keep=run_dir.name, kept_runs=kept_runs)
    return PublishResult(
        warehouse_path=warehouse_path,
        tables=counts,
        export_dir=run_dir / EXPORTS_FOLDER if export_dir else None,
        run_dir=run_dir,
    )


def _new_run_dir(runs: Path, run_id: str) -> Path:
    """The run's folder; a retried publish of the same run gets a new one, never the live one."""
    candidate, attempt = runs / run_id, 1
    while candidate.exists():
        attempt += 1
        candidate = runs / f"{run_id}-{attempt}"
    return candidate


def _write_warehouse(
    build_db: Path, folder: Path, run_id: str, as_of_date: str | None, exporting: Path | None
) -> dict[str, int]:
    counts: dict[str, int] = {}
    con = duckdb.connect(os.fspath(folder / "warehouse.duckdb"))
    try:
        # The path is a parameter, never pasted into the SQL (an apostrophe in a folder name).
        con.execute("attach ? as build (read_only)", [os.fspath(build_db)])
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
        if counts.get(FIGURES_TABLE) == 0:
            # A build that computed no figure at all (a raw history that lost
            # its rows, a landing folder of nothing) would replace every
            # figure the readers have with none.
            raise PublishError(
                f"{PUBLISHED_SCHEMA}.{FIGURES_TABLE} has no rows: the build computed no "
                "figure; refusing to publish (the published warehouse stays as it was)"
            )
        con.execute(
            f"create table {PUBLISHED_SCHEMA}.publish_info as select "
            "?::timestamp as published_at, ?::varchar as run_id, ?::date as as_of_date",
            [datetime.now(UTC).replace(tzinfo=None), run_id, as_of_date],
        )
        con.execute("detach build")
        if exporting:
            _export(con, tables, folder / EXPORTS_FOLDER)
        con.execute("checkpoint")
    finally:
        con.close()
    return counts


def _export(con: duckdb.DuckDBPyConnection, tables: list[str], folder: Path) -> None:
    """Parquet and CSV copies for tools that cannot open DuckDB."""
    folder.mkdir()
    for table in [*tables, "publish_info"]:
        relation = f'{PUBLISHED_SCHEMA}."{table}"'
        con.execute(f"copy {relation} to ? (format parquet)", [f"{folder / table}.parquet"])
        con.execute(f"copy {relation} to ? (header, delimiter ',')", [f"{folder / table}.csv"])


def _repoint(link: Path, target: str | Path) -> None:
    """Make `link` point at `target` in one atomic step (a new link renamed over it)."""
    if link.is_symlink() and os.readlink(link) == os.fspath(target):
        return
    tmp_link = link.with_name(f".{link.name}.{os.getpid()}{UNFINISHED_SUFFIX}")
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(target)
    os.replace(tmp_link, link)


def _link_readers_to_latest(warehouse_path: Path, export_dir: Path | None) -> None:
    """The fixed paths readers open, each a link through `runs/latest`.

    They never change once made, so they are not part of the switch; making
    them on every publish turns an older layout (a plain file, a link to a
    run's export folder) into this one.
    """
    latest = runs_dir(warehouse_path) / LATEST
    _repoint(warehouse_path, (latest / "warehouse.duckdb").relative_to(warehouse_path.parent))
    if export_dir:
        export_dir.mkdir(parents=True, exist_ok=True)
        _repoint(export_dir / LATEST, Path(os.path.relpath(latest / EXPORTS_FOLDER, export_dir)))
        # Exports of the layout before run folders (`<export folder>/<run id>/`),
        # which nothing points at any more.
        for old in export_dir.iterdir():
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)


def _prune_old_runs(runs: Path, keep: str, kept_runs: int) -> None:
    finished = sorted(
        (p for p in runs.iterdir() if p.is_dir() and not p.is_symlink() and p.name[0] != "."),
        key=lambda p: p.stat().st_mtime,
    )
    for old in finished[: max(len(finished) - kept_runs, 0)]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
