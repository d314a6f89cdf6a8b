"""The `dfe__*` tables in the raw history, and loading a folder of releases.

Tables (all created by `ensure_schema`, empty, so dbt builds with no release):

- `dfe__values`: every published value of every loaded EES file, long form
  (see ees_reader.VALUE_COLUMNS_OUT) plus `release_file` / `release_sha256`;
- `dfe__statistical_neighbours`: model_version (2021, 2025), old_la_code,
  neighbour_rank 1-10, neighbour_old_la_code, closeness;
- `dfe__releases`: one row per loaded file (current content): dataset, sha256,
  rows, years covered, loaded_at. The benchmarks keep, for each year, the value
  from the newest release (latest year covered, then latest loaded);
- `dfe__la_code_changes`: mergers / splits / renames (see la_codes);
- `dfe__load_log`: every attempt, accepted or rejected, with the reason.

A file is parsed and checked completely before the database is touched; then
its previous rows (same file name) are replaced in one transaction. A
malformed file raises `MalformedReleaseError` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dagster_project.benchmarks.ees_layout import (
    MalformedReleaseError,
    dataset_for,
    is_sn_model_file,
)
from dagster_project.benchmarks.ees_reader import read_ees_file
from dagster_project.benchmarks.la_codes import la_code_changes_frame
from dagster_project.benchmarks.sn_model import read_sn_model
from dagster_project.checksums import sha256_of

DDL = (
    """
    create table if not exists dfe__values (
        release_file varchar not null,
        release_sha256 varchar not null,
        dataset varchar not null,
        source_row bigint not null,
        time_period varchar not null,
        time_identifier varchar,
        year_ending date not null,
        geographic_level varchar not null,
        country_code varchar,
        region_code varchar,
        region_name varchar,
        old_la_code varchar,
        new_la_code varchar,
        la_name varchar,
        breakdown_names varchar,
        breakdown_1 varchar,
        breakdown_2 varchar,
        breakdown_3 varchar,
        measure varchar not null,
        value_text varchar,
        value double,
        suppression_code varchar
    )
    """,
    """
    create table if not exists dfe__statistical_neighbours (
        release_file varchar not null,
        release_sha256 varchar not null,
        model_version integer not null,
        old_la_code varchar not null,
        la_name varchar,
        region_name varchar,
        neighbour_rank integer not null,
        neighbour_old_la_code varchar not null,
        closeness varchar
    )
    """,
    """
    create table if not exists dfe__releases (
        release_file varchar not null,
        kind varchar not null,              -- ees | sn_model
        dataset varchar not null,           -- EES dataset, or sn_model_<year>
        release_sha256 varchar not null,
        rows_loaded bigint not null,
        first_year_ending date,
        last_year_ending date,
        model_version integer,
        loaded_at timestamp not null
    )
    """,
    """
    create table if not exists dfe__la_code_changes (
        old_la_code varchar not null,
        old_la_name varchar,
        successor_old_la_code varchar not null,
        successor_la_name varchar,
        first_year_ending date not null,
        change_kind varchar not null        -- merger | split | gss_rename
    )
    """,
    """
    create table if not exists dfe__load_log (
        release_file varchar not null,
        release_sha256 varchar,
        status varchar not null,            -- accepted | rejected | skipped
        reason varchar,
        rows_loaded bigint,
        logged_at timestamp not null
    )
    """,
)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the dfe__ tables if missing and refresh the LA code changes."""
    for statement in DDL:
        con.execute(statement)
    changes = la_code_changes_frame()
    con.execute("begin transaction")
    try:
        con.execute("delete from dfe__la_code_changes")
        con.register("_changes", changes)
        con.execute("insert into dfe__la_code_changes select * from _changes")
        con.unregister("_changes")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


@dataclass
class LoadResult:
    release_file: str
    status: str  # accepted | skipped | rejected
    rows: int = 0
    dataset: str | None = None
    years: list[int] = field(default_factory=list)
    reason: str | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _log(con, result: LoadResult, sha: str | None) -> None:
    con.execute(
        "insert into dfe__load_log values (?, ?, ?, ?, ?, ?)",
        [result.release_file, sha, result.status, result.reason, result.rows, _now()],
    )


def _read(path: Path) -> tuple[str, str, pd.DataFrame]:
    """(kind, dataset, frame) for a file, or MalformedReleaseError."""
    if is_sn_model_file(path):
        frame = read_sn_model(path)
        return "sn_model", f"sn_model_{int(frame['model_version'].iloc[0])}", frame
    spec = dataset_for(path)
    if spec is None:
        raise MalformedReleaseError(
            path.name,
            "not a known DfE release (expected an EES file such as "
            "la_cla_placement_stability.csv, or a statistical-neighbour model file)",
        )
    return "ees", spec.dataset, read_ees_file(path, spec)


def load_file(con: duckdb.DuckDBPyConnection, path: Path) -> LoadResult:
    """Load one release file, replacing an earlier load of the same file name.

    Raises MalformedReleaseError (after logging the rejection) if the file
    cannot be loaded; the dfe__ data tables are then exactly as before.
    """
    sha = sha256_of(path)
    name = path.name
    try:
        kind, dataset, frame = _read(path)
    except MalformedReleaseError as error:
        _log(con, LoadResult(name, "rejected", reason=str(error)), sha)
        raise
    frame = frame.copy()
    frame.insert(0, "release_sha256", sha)
    frame.insert(0, "release_file", name)
    if kind == "ees":
        years = sorted({d.year for d in frame["year_ending"]})
        first, last = dt.date(years[0], 3, 31), dt.date(years[-1], 3, 31)
        version = None
        table = "dfe__values"
    else:
        version = int(frame["model_version"].iloc[0])
        years, first, last = [], None, None
        table = "dfe__statistical_neighbours"
    result = LoadResult(name, "accepted", rows=len(frame), dataset=dataset, years=years)
    con.execute("begin transaction")
    try:
        con.execute("delete from dfe__values where release_file = ?", [name])
        con.execute("delete from dfe__statistical_neighbours where release_file = ?", [name])
        con.execute("delete from dfe__releases where release_file = ?", [name])
        con.register("_release_frame", frame)
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        con.execute(f"insert into {table} ({columns}) select {columns} from _release_frame")
        con.unregister("_release_frame")
        con.execute(
            "insert into dfe__releases values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [name, kind, dataset, sha, len(frame), first, last, version, _now()],
        )
        _log(con, result, sha)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return result


def loaded_hashes(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """sha256 -> release file name, for every release currently loaded."""
    return dict(con.execute("select release_sha256, release_file from dfe__releases").fetchall())


def release_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")


def load_folder(
    con: duckdb.DuckDBPyConnection, folder: Path, force: bool = False
) -> list[LoadResult]:
    """Load every CSV in `folder` whose content (sha256) is not loaded yet.

    Returns one result per file. A malformed file is returned as `rejected`
    with its reason; the other files are still loaded. Callers decide whether
    a rejection fails the run (the Dagster asset does).
    """
    ensure_schema(con)
    if not folder.is_dir():
        raise FileNotFoundError(f"DfE release folder {folder} does not exist (LAC_DFE_DIR)")
    known = loaded_hashes(con)
    results = []
    for path in release_files(folder):
        sha = sha256_of(path)
        if not force and sha in known:
            results.append(
                LoadResult(path.name, "skipped", reason=f"already loaded as {known[sha]}")
            )
            continue
        try:
            results.append(load_file(con, path))
        except MalformedReleaseError as error:
            results.append(LoadResult(path.name, "rejected", reason=str(error)))
    return results
