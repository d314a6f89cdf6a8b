"""Many councils' raw histories seen as one: the database dbt reads as `raw`.

Each council keeps its own raw history file (the ingest, its gates and its
extract log are one council's, as they always were). dbt builds every
council's figures in one pass from a small DuckDB file of views, the
pooled raw history, which this module writes before each build:

- every table and view of a council's `main` schema becomes one view over
  all councils, `union all by name`, each row with `_la_code` (the council's
  3-digit code): `raw.main.social_care__episodes` holds every council's
  episodes, and dbt's staging reads the council from the row;
- `row_versions._nights` (the nights each table holds, read by dbt's
  `latest_extract()`) gains `la_code` the same way;
- the DfE's national tables (`dfe__*`, the same public release in every
  council's file) are read from one council's file, not repeated;
- table `councils` lists the councils: code, name and the LA whose DfE
  benchmarks and statistical neighbours it is compared with.

The views name each council's file by an alias (`council_alias`), so a
session that reads them attaches the councils' files first: dbt does it in
its profile's plugin (dbt_duckdb_plugin.py, from the environment that
`dbt_environment` hands dbt), Python readers with
`attach_councils`. Nothing is copied: the file is a few kilobytes whatever
the councils hold, and it is rewritten whole (then renamed into place), so a
reader never sees half of it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.ingest.council import LA_CODE_SHAPE
from dagster_project.row_versions import NIGHTS, SCHEMA

# The DfE's tables are national: each council's raw history holds the same
# release, so the pooled view reads them from one council only.
NATIONAL_PREFIX = "dfe__"
COUNCILS_TABLE = "councils"
LA_CODE_COLUMN = "_la_code"


@dataclass(frozen=True)
class CouncilRaw:
    """One council in the warehouse: its code, name, benchmark LA and raw history."""

    la_code: str
    raw_db_path: Path
    name: str = ""
    # The LA whose DfE figures and statistical neighbours this council is
    # compared with: itself for a real council; a simulated council names
    # the real LA it was modelled on.
    benchmark_la_code: str = ""

    def __post_init__(self) -> None:
        for code in (self.la_code, self.benchmark_la_code or self.la_code):
            if not LA_CODE_SHAPE.match(code):
                raise ValueError("an LA code is three digits")


def council_alias(la_code: str) -> str:
    """The name a council's raw history is attached under (`council_<code>`)."""
    if not LA_CODE_SHAPE.match(la_code):
        raise ValueError("an LA code is three digits")
    return f"council_{la_code}"


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def attach_councils(con: duckdb.DuckDBPyConnection, councils: Sequence[CouncilRaw]) -> None:
    """Attach every council's raw history, read-only, under its alias."""
    databases = con.execute("select database_name from duckdb_databases()").fetchall()
    attached = {row[0] for row in databases}
    for council in councils:
        alias = council_alias(council.la_code)
        if alias not in attached:
            con.execute(f"attach ? as {alias} (read_only)", [os.fspath(council.raw_db_path)])


def _relations(con: duckdb.DuckDBPyConnection, alias: str) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = ? and table_schema = 'main'",
        [alias],
    ).fetchall()
    return {r[0] for r in rows}


def _union_view(name: str, holders: Sequence[CouncilRaw], code_column: str, schema: str) -> str:
    parts = [
        f"select *, {_sql_text(c.la_code)} as {code_column} "
        f'from {council_alias(c.la_code)}.{schema}."{name}"'
        for c in holders
    ]
    return "\n union all by name \n".join(parts)


def build_pooled_raw(pooled_path: Path, councils: Sequence[CouncilRaw]) -> None:
    """Write the pooled raw history for `councils` at `pooled_path` (replacing it)."""
    if not councils:
        raise ValueError("the pooled raw history needs at least one council")
    codes = [c.la_code for c in councils]
    if len(set(codes)) != len(codes):
        raise ValueError("a council is listed twice")
    pooled_path.parent.mkdir(parents=True, exist_ok=True)
    scratch = pooled_path.with_name(f".{pooled_path.name}.{os.getpid()}.tmp")
    scratch.unlink(missing_ok=True)
    con = duckdb.connect(os.fspath(scratch))
    try:
        attach_councils(con, councils)
        held = {c.la_code: _relations(con, council_alias(c.la_code)) for c in councils}
        for name in sorted(set().union(*held.values())):
            holders = [c for c in councils if name in held[c.la_code]]
            if name.startswith(NATIONAL_PREFIX):
                holders = holders[:1]
            con.execute(
                f'create view main."{name}" as '
                + _union_view(name, holders, LA_CODE_COLUMN, "main")
            )
        con.execute(f"create schema {SCHEMA}")
        nights_table = NIGHTS.split(".", 1)[1]
        con.execute(
            f"create view {NIGHTS} as " + _union_view(nights_table, councils, "la_code", SCHEMA)
        )
        con.execute(
            f"create table main.{COUNCILS_TABLE} ("
            "la_code varchar not null primary key, name varchar not null, "
            "benchmark_la_code varchar not null)"
        )
        con.executemany(
            f"insert into main.{COUNCILS_TABLE} values (?, ?, ?)",
            [[c.la_code, c.name, c.benchmark_la_code or c.la_code] for c in councils],
        )
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(scratch, pooled_path)
