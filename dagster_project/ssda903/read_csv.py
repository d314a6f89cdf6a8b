"""Read one 903 CSV table into a normalised table.

The table is known from the file name (`episodes.csv`, `SSDA903_2024_episodes.csv`,
`Header.csv`...) or, failing that, from its columns, as case-management
systems name their exports as they like. A file that cannot be a 903 table
(undecodable text, ragged rows, a DfE column missing) raises
`Ssda903ReadError`, naming the file, line and column; a bad value (a date
that is not dd/mm/yyyy) is kept as blank and reported as a `ReadProblem`, so
the DfE rule for that field can report it row by row.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from dagster_project.ssda903.layout import TABLES
from dagster_project.ssda903.problems import ReadProblem, Ssda903ReadError, safe_column_name
from dagster_project.ssda903.values import build_table

# Name fragments that identify a table, longest first so that "sw_episodes"
# is not taken for "episodes" nor "placed_for_adoption" for anything shorter.
_NAME_HINTS: tuple[tuple[str, str], ...] = (
    ("placed_for_adoption", "placed_for_adoption"),
    ("placedforadoption", "placed_for_adoption"),
    ("placedadoption", "placed_for_adoption"),
    ("previous_permanence", "previous_permanence"),
    ("previouspermanence", "previous_permanence"),
    ("prevperm", "previous_permanence"),
    ("sw_episodes", "sw_episodes"),
    ("swepisodes", "sw_episodes"),
    ("episodes", "episodes"),
    ("header", "header"),
    ("reviews", "reviews"),
    ("missing", "missing"),
    ("uasc", "uasc"),
    ("oc2", "oc2"),
    ("oc3", "oc3"),
    ("ad1", "ad1"),
    ("dolo", "dolo"),
)


def table_from_name(path: Path) -> str | None:
    stem = path.stem.lower().replace("-", "_").replace(" ", "_")
    for hint, table in _NAME_HINTS:
        if hint in stem:
            return table
    return None


def table_from_columns(columns: list[str]) -> str | None:
    """The table whose DfE columns are all present, preferring the widest match."""
    present = set(columns)
    fits = [t for t in TABLES.values() if set(t.columns) <= present]
    return max(fits, key=lambda t: len(t.columns)).name if fits else None


def _rows(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Ssda903ReadError(
            f"{path.name}: not UTF-8 text (byte {error.start}); save it as UTF-8 CSV"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise Ssda903ReadError(f"{path.name}: the file is empty (no header row)")
    rows, lines = [], []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue  # a trailing blank line is not a record
        if len(row) != len(header):
            raise Ssda903ReadError(
                f"{path.name}, line {reader.line_num}: {len(row)} fields where the header "
                f"has {len(header)}"
            )
        rows.append(row)
        lines.append(reader.line_num)
    return [c.strip().upper() for c in header], rows, lines


def read_csv_table(
    path: Path, collection_year: int, table: str | None = None
) -> tuple[str, pd.DataFrame, list[ReadProblem]]:
    """(table name, normalised table, problems) for one CSV file."""
    columns, rows, lines = _rows(path)
    duplicated = sorted({safe_column_name(c) for c in columns if columns.count(c) > 1})
    if duplicated:
        raise Ssda903ReadError(f"{path.name}, line 1: column(s) repeated: {', '.join(duplicated)}")
    name = table or table_from_name(path) or table_from_columns(columns)
    if name is None:
        raise Ssda903ReadError(
            f"{path.name}: neither its name nor its columns match a 903 table ({', '.join(TABLES)})"
        )
    layout = TABLES[name]
    missing = [c for c in layout.columns if c not in columns]
    if missing:
        raise Ssda903ReadError(
            f"{path.name}, line 1: the {name} table needs column(s) {', '.join(missing)}"
        )
    problems = [
        ReadProblem(path.name, "line 1", safe_column_name(c), "not a 903 column; ignored",
                    name, severity="warning")
        for c in columns
        if c not in layout.columns
    ]  # fmt: skip
    raw = pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)
    frame, value_problems = build_table(
        name, raw, [f"line {n}" for n in lines], path.name, collection_year
    )
    return name, frame, problems + value_problems
