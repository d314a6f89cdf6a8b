"""A 903 return written into a raw history as the ingest writes it, for dbt tests.

The return is read by the project's reader and stored through the raw
history's own writer (row versions, `row_versions.write_night`) in the 903's
raw tables (`ssda903/raw_tables.py`: the DfE column names, dates DATE, other
columns VARCHAR, `COLLECTION_YEAR`), so dbt reads exactly what a nightly run
would leave; only the DfE rules' gate is left out, so a test chooses its
findings (`write_validation_findings`, the ingest's findings table).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from dagster_project.row_versions import write_night
from dagster_project.ssda903 import reader
from dagster_project.ssda903.layout import COLLECTION_YEAR, TABLES
from dagster_project.ssda903.raw_tables import FINDINGS_TABLE, raw_table


def write_return(
    con: duckdb.DuckDBPyConnection,
    paths: Path | list[Path],
    extract_date: dt.date,
    collection_year: int | None = None,
) -> None:
    """Read the 903 at `paths` and store its tables as the extract of `extract_date`."""
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
        out["_row_number"] = range(1, len(frame) + 1)
        write_night(con, raw_table(name), extract_date, out.reset_index(drop=True), f"{name}.csv")


def write_validation_findings(
    con: duckdb.DuckDBPyConnection, extract_date: dt.date, rows: list[dict]
) -> None:
    """Findings counts of the extract of `extract_date`, in the ingest's findings table."""
    for row in rows:
        values = {"extract_date": extract_date, **row}
        con.execute(
            f"insert into {FINDINGS_TABLE} ({', '.join(values)}) values "
            f"({', '.join('?' * len(values))})",
            list(values.values()),
        )
