"""Hand-made landing drops written from the contract, for ingest and gate tests.

Every value is valid unless a test changes it: string columns hold a value
unique per row (so every contract key is unique), codes the first code of
their list, dates in 2023 before the extract date, end dates after start
dates. PII columns hold values starting `PII` (and dates of birth in 2011),
so a test can look for them in metadata and messages.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from contract import Table, load_contract
from dagster_project.gates.build_suites import ROW_NUMBER
from dagster_project.ingest.discovery import waiting_drops
from dagster_project.ingest.pipeline import ingest_drop
from dagster_project.raw_history import connect
from dagster_project.settings import DEFAULT_LA_CODE

EXTRACT_DATE = dt.date(2024, 4, 1)
BASE_DATE = dt.date(2023, 6, 1)
DOB = dt.date(2011, 2, 3)
END_COLUMNS = {"DEC", "MIS_END", "DATE_PLACED_CEASED", "END_DATE", "deregistration_date", "DUC"}


def make_rows(table: Table, n: int) -> list[dict]:
    """`n` valid rows of `table` as Python values (str, date, datetime, None)."""
    contract = load_contract()
    rows = []
    for i in range(n):
        row: dict = {}
        day = BASE_DATE + dt.timedelta(days=i % 200)
        for col in table.columns:
            if col.name == "la_code":
                # One warehouse holds one council: the configured default's rows only.
                row[col.name] = DEFAULT_LA_CODE
            elif col.type == "string":
                prefix = "PII" if col.pii else ""
                row[col.name] = f"{prefix}{col.name[:4].upper()}{i:05d}"
            elif col.type == "code":
                row[col.name] = contract.code_lists[col.codes][0]
            elif col.type == "integer":
                row[col.name] = str(2000 + i) if col.name == "mid_year" else "3"
            elif col.type == "boolean":
                row[col.name] = "1"
            elif col.type == "date":
                if col.name == "DOB":
                    row[col.name] = DOB
                elif col.name in END_COLUMNS:
                    row[col.name] = day + dt.timedelta(days=10)
                else:
                    row[col.name] = day
            elif col.type == "datetime":
                row[col.name] = dt.datetime.combine(day, dt.time(10, 30)) + dt.timedelta(days=3)
        rows.append(row)
    return rows


def _text(value, table: Table, col_type: str) -> str:
    source = load_contract().source(table.source)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime(source.datetime_format)
    if isinstance(value, dt.date):
        return value.strftime(source.date_format)
    return str(value)


def write_csv(path: Path, table: Table, rows: list[dict], columns: list[str] | None = None):
    columns = columns or table.column_names
    types = {c.name: c.type for c in table.columns}
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns)
        for r in rows:
            w.writerow([_text(r.get(c), table, types.get(c, "string")) for c in columns])


def write_xlsx(path: Path, tables: list[Table], rows: dict[str, list[dict]]):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        ws = wb.create_sheet(table.sheet)
        if table.header_row == 2:
            ws.append([f"{table.name.title()} tracker (title row)"])
        ws.append(table.column_names)
        for r in rows[table.name]:
            ws.append([r.get(c) for c in table.column_names])
    if any(t.header_row == 2 for t in tables):
        wb.create_sheet("Notes").append(["Notes for the fostering team"])
    wb.save(path)


def write_drop(
    landing: Path,
    source: str,
    extract_date: dt.date = EXTRACT_DATE,
    n: int = 5,
    rows: dict[str, list[dict]] | None = None,
) -> Path:
    """Write a complete valid drop of `source`; `rows` overrides some tables' rows."""
    src = load_contract().source(source)
    folder = landing / source / extract_date.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    all_rows = {t.name: make_rows(t, n) for t in src.tables}
    all_rows.update(rows or {})
    if src.format == "csv":
        for t in src.tables:
            write_csv(folder / t.file, t, all_rows[t.name])
    else:
        by_file: dict[str, list[Table]] = {}
        for t in src.tables:
            by_file.setdefault(t.file, []).append(t)
        for file, tables in by_file.items():
            write_xlsx(folder / file, tables, all_rows)
    return folder


def raw_snapshot(con) -> dict[str, list[str]]:
    """Every raw table's and the quarantine's rows, for before/after comparisons."""
    names = [t.qualified_name for t in load_contract().tables()] + ["_quarantine"]
    return {
        name: sorted(map(repr, con.execute(f'select * from "{name}"').fetchall())) for name in names
    }


def prime_raw_history(db: Path, landing: Path, sources, extract_date: dt.date, n: int) -> None:
    """A raw history at `db` holding one accepted hand-made drop of each of `sources`.

    Tests of the next night copy it (built once per module or session) so
    the volume gates and the extract log have a previous night to judge by.
    """
    con = connect(db)
    try:
        for source in sources:
            write_drop(landing, source, extract_date, n=n)
            (drop,) = waiting_drops(landing, con, source)
            assert ingest_drop(con, drop).accepted, source
    finally:
        con.close()


@contextmanager
def primed_copy(template: Path, folder: Path) -> Iterator[tuple]:
    """A private, open copy of a primed raw history, and its contents before the test."""
    db = folder / "primed.duckdb"
    shutil.copy(template, db)
    con = connect(db)
    try:
        yield con, raw_snapshot(con)
    finally:
        con.close()


def extract_statuses(con, source: str, extract_date: dt.date) -> set[str]:
    """The `_extract_log` statuses recorded for one source's drop of one night."""
    rows = con.execute(
        "select distinct status from _extract_log where source = ? and extract_date = ?",
        [source, extract_date],
    ).fetchall()
    return {status for (status,) in rows}


def string_frame(table: Table, rows: list[dict]) -> pd.DataFrame:
    """`rows` as the gates receive a read table: text values, blanks as None, row numbers."""
    frame = pd.DataFrame(
        [
            {c.name: (_text(r.get(c.name), table, c.type) or None) for c in table.columns}
            for r in rows
        ],
        dtype=object,
    )
    frame[ROW_NUMBER] = range(2, len(rows) + 2)
    return frame
