"""Copies between the DuckDB files and a PostgreSQL server, for the portability check.

The dbt project builds on PostgreSQL too (dbt's `postgres` target,
tests/postgres, `make test-postgres`). Its sources there are the raw history's
tables, copied into one PostgreSQL schema by `mirror_raw_history`; its marts
are copied back into a DuckDB file by `copy_marts_to_duckdb`, so
scripts/compare_warehouses.py compares them with the DuckDB build row by row.

Both go through CSV files and PostgreSQL's COPY, with nothing but DuckDB and
psycopg2 (installed with dbt-postgres): DuckDB's postgres extension is
downloaded at run time, which fails on a machine without internet access.
Not part of the nightly run.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.pooled_raw import CouncilRaw, attach_councils

# DuckDB's column types in the raw history, as PostgreSQL spells them.
POSTGRES_TYPES = {
    "VARCHAR": "text",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "SMALLINT": "smallint",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
}

# PostgreSQL's types in the marts (information_schema spelling), as DuckDB
# spells them. A type missing here is read as VARCHAR, so the comparison
# reports the column's type as different instead of hiding it.
DUCKDB_TYPES = {
    "text": "VARCHAR",
    "character varying": "VARCHAR",
    "bigint": "BIGINT",
    "integer": "INTEGER",
    "smallint": "SMALLINT",
    "double precision": "DOUBLE",
    "real": "FLOAT",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp without time zone": "TIMESTAMP",
    "timestamp with time zone": "TIMESTAMP WITH TIME ZONE",
}

# NULL as PostgreSQL's text format writes it, so an empty string stays an
# empty string on both sides.
NULL_MARK = r"\N"


@dataclass(frozen=True)
class PostgresSettings:
    """Where the server is: the LAC_PG_* settings dbt's `postgres` target reads
    (its caller, tests/postgres, reads them: no module here reads the environment)."""

    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "lac"
    password: str = ""
    database: str = "lac_warehouse"

    def connect(self):
        import psycopg2  # installed with dbt-postgres; only this check needs it

        return psycopg2.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=self.database,
        )


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def mirror_raw_history(
    raw_db: Path,
    settings: PostgresSettings,
    schema: str = "raw",
    councils: Sequence[CouncilRaw] = (),
) -> int:
    """Each table and view of the raw history's `main` schema, copied into `schema`; rows copied.

    `raw_db` is the pooled raw history dbt reads (pooled_raw.py: every row with
    its council's `_la_code`), whose views read the `councils`' own files,
    attached first.

    The raw tables are views over their row versions (row_versions.py): each is
    copied as what it gives, every night's extract in full, so PostgreSQL's
    staging reads the nights as DuckDB's does.

    The schema is dropped and made again, so it holds exactly this raw
    history, and each table is analysed, so PostgreSQL plans from its real
    sizes. Column names keep their case (quoted): staging reads the SSDA903
    fields quoted ("CHILD", "DECOM"), which PostgreSQL matches exactly.
    """
    copied = 0
    with (
        duckdb.connect(raw_db.as_posix(), read_only=True) as source,
        closing(settings.connect()) as target,
        target,  # one transaction: committed when every table is copied
        target.cursor() as cursor,
        tempfile.TemporaryDirectory() as tmp,
    ):
        cursor.execute(f"drop schema if exists {_identifier(schema)} cascade")
        cursor.execute(f"create schema {_identifier(schema)}")
        attach_councils(source, councils)
        # the pooled file's own relations, not those of the councils attached
        tables = source.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = current_database() and table_schema = 'main' "
            "and table_type in ('BASE TABLE', 'VIEW') "
            "order by table_name"
        ).fetchall()
        for (table,) in tables:
            columns = source.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_catalog = current_database() and table_schema = 'main' "
                "and table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
            definition = ", ".join(
                f"{_identifier(name)} {POSTGRES_TYPES[data_type]}" for name, data_type in columns
            )
            qualified = f"{_identifier(schema)}.{_identifier(table)}"
            cursor.execute(f"create table {qualified} ({definition})")
            csv_path = Path(tmp) / "table.csv"
            # written through the relation API: the path never enters SQL text
            source.sql(f"select * from main.{_identifier(table)}").write_csv(
                csv_path.as_posix(), header=True, na_rep=NULL_MARK
            )
            with csv_path.open() as csv_file:
                cursor.copy_expert(
                    f"copy {qualified} from stdin with (format csv, header, null '{NULL_MARK}')",
                    csv_file,
                )
            copied += cursor.rowcount
            # Statistics for the planner now, as a loader would gather them:
            # PostgreSQL gathers none on COPY, and dbt reads these tables
            # before autovacuum looks (macros/portable/planner_statistics.sql).
            cursor.execute(f"analyze {qualified}")
    return copied


def copy_marts_to_duckdb(
    settings: PostgresSettings, warehouse: Path, schema: str = "marts"
) -> list[str]:
    """Every table of PostgreSQL's `schema`, copied into a new DuckDB file's `marts` schema.

    Types are mapped by name (DUCKDB_TYPES), never inferred from the values,
    so the comparison with the DuckDB build checks them too. Returns the
    tables copied.
    """
    warehouse.unlink(missing_ok=True)
    with (
        duckdb.connect(warehouse.as_posix()) as target,
        closing(settings.connect()) as source,
        source.cursor() as cursor,
        tempfile.TemporaryDirectory() as tmp,
    ):
        target.execute("create schema marts")
        cursor.execute(
            "select table_name from information_schema.tables "
            "where table_schema = %s and table_type = 'BASE TABLE' order by table_name",
            [schema],
        )
        tables = [table for (table,) in cursor.fetchall()]
        for table in tables:
            cursor.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = %s and table_name = %s order by ordinal_position",
                [schema, table],
            )
            columns = cursor.fetchall()
            csv_path = Path(tmp) / f"{table}.csv"
            with csv_path.open("w") as csv_file:
                cursor.copy_expert(
                    f"copy {_identifier(schema)}.{_identifier(table)} to stdout "
                    f"with (format csv, header, null '{NULL_MARK}')",
                    csv_file,
                )
            types = {name: DUCKDB_TYPES.get(data_type, "VARCHAR") for name, data_type in columns}
            target.execute(
                f"create table marts.{_identifier(table)} as "
                f"select * from read_csv(?, header = true, nullstr = ?, columns = ?)",
                [csv_path.as_posix(), NULL_MARK, types],
            )
    return tables
