"""A 903 return written into a raw history as the ingest will write it.

Until the ingest stores the 903 itself (branch s903wire), dbt tests build the
raw tables `ssda903__<table>` here, with the schema that branch writes: the
DfE column names of the reader's normalised tables, dates DATE, every other
column VARCHAR, `COLLECTION_YEAR` BIGINT and the lineage columns of every raw
table. Every table exists, empty when the return does not carry it, as it
does for a council that never sends a 903. `ssda903_validation_findings`
(counts by rule and month) is created empty with the schema that branch
writes, and `write_validation_findings` fills it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from dagster_project.ssda903 import reader
from dagster_project.ssda903.layout import COLLECTION_YEAR, TABLES

VALIDATION_FINDINGS_DDL = """
create table if not exists ssda903_validation_findings (
    rule varchar,
    severity varchar,
    table_name varchar,
    collection_year bigint,
    finding_month date,
    rows bigint,
    children bigint
)
"""


def raw_table_name(table: str) -> str:
    return f"ssda903__{table}"


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Every 903 raw table and the validation findings table, empty."""
    for name, layout in TABLES.items():
        columns = [
            f'"{c}" {"DATE" if c in layout.date_columns else "VARCHAR"}' for c in layout.columns
        ]
        columns += [
            '"COLLECTION_YEAR" BIGINT',
            '"_extract_date" DATE',
            '"_source_file" VARCHAR',
            '"_row_number" BIGINT',
        ]
        con.execute(f'create table if not exists "{raw_table_name(name)}" ({", ".join(columns)})')
    con.execute(VALIDATION_FINDINGS_DDL)


def write_return(
    con: duckdb.DuckDBPyConnection,
    paths: Path | list[Path],
    extract_date: dt.date,
    collection_year: int | None = None,
) -> None:
    """Read the 903 at `paths` and append its tables as the extract of `extract_date`."""
    create_tables(con)
    tables = reader.read_return(paths, collection_year=collection_year).tables
    for name, layout in TABLES.items():
        frame = tables.get(name)
        if frame is None or frame.empty:
            continue
        out = pd.DataFrame(index=frame.index)
        for column in layout.columns:
            values = frame[column] if column in frame.columns else pd.Series(index=frame.index)
            if column in layout.date_columns:
                out[column] = pd.to_datetime(values).dt.date
            else:
                out[column] = values.astype("object").where(values.notna(), None)
        out["COLLECTION_YEAR"] = frame[COLLECTION_YEAR].astype("int64")
        out["_extract_date"] = extract_date
        out["_source_file"] = frame["source_file"].astype(str)
        out["_row_number"] = range(1, len(frame) + 1)
        con.register("incoming", out)
        con.execute(f'insert into "{raw_table_name(name)}" by name select * from incoming')
        con.unregister("incoming")


def write_validation_findings(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    create_tables(con)
    for row in rows:
        columns = ", ".join(row)
        con.execute(
            f"insert into ssda903_validation_findings ({columns}) values "
            f"({', '.join('?' * len(row))})",
            list(row.values()),
        )
