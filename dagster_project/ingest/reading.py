"""Read one contract table from a landing drop into a DataFrame of strings.

Belongs here: opening CSV and XLSX files exactly as the contract describes
them, and turning every structural fault into a `StructuralError`. Nothing is
typed here: the gates judge the text as the source wrote it, and `casting`
types the rows the gates accept.

Every row carries `_row_number`, the place a person finds it in the file:
- CSV: the file line where the record starts, counting the header as line 1
  ("episodes.csv line 1234");
- XLSX: the spreadsheet row as Excel numbers it, below the title and header
  rows ("fostering_tracker.xlsx sheet Households row 7").

Blank cells are None. XLSX date cells become text in the source's
date_format (datetime_format for datetime columns), so one suite fits both a
date cell and a date typed as text; formula error cells (`#REF!`) stay text so
the gate can catch them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from contract import Table, load_contract
from dagster_project.checksums import sha256_of
from dagster_project.gates.build_suites import ROW_NUMBER
from dagster_project.ingest.errors import StructuralError
from dagster_project.ingest.header import check_header
from dagster_project.ingest.xlsx import read_xlsx


@dataclass
class ReadTable:
    table: Table
    file: str
    sha256: str
    frame: pd.DataFrame  # contract columns as str/None, plus _row_number
    row_label: str  # "line" for CSV, "row" for XLSX
    warnings: list[str] = field(default_factory=list)

    @property
    def location(self) -> str:
        """How messages name the file: `episodes.csv` or `tracker.xlsx sheet X`."""
        if self.table.sheet:
            return f"{self.file} sheet {self.table.sheet}"
        return self.file


def read_table(drop_dir: Path, table: Table) -> ReadTable:
    """Read `table` from the drop folder, or raise StructuralError."""
    source = load_contract().source(table.source)
    path = drop_dir / table.file
    if path.is_symlink() and not path.resolve().is_relative_to(drop_dir.resolve()):
        # A link out of the drop could make ingest read any file this user can.
        raise StructuralError(
            table.file, "symlink_refused", "file is a link out of the drop", table=table.name
        )
    if not path.is_file():
        raise StructuralError(
            table.file, "missing_file", "file is missing from the drop", table=table.name
        )
    try:
        if path.stat().st_size == 0:
            raise StructuralError(
                table.file, "empty_file", "file is empty (0 bytes)", table=table.name
            )
        if source.format == "csv":
            result = _read_csv(path, table)
        else:
            frame, warnings = read_xlsx(path, table, source)
            result = ReadTable(table, table.file, "", frame, "row", warnings)
        result.sha256 = sha256_of(path)
    except OSError as e:  # unreadable: permissions, a vanished file, an I/O error
        raise StructuralError(
            table.file,
            "unreadable_file",
            f"file cannot be read ({type(e).__name__})",
            table=table.name,
        ) from None
    return result


def _column(data: list[list[str]], pos: int) -> list[str | None]:
    """One column's fields, blanks as None, each distinct value held once.

    A column repeats few values (dates, codes, a child's id on each of its
    rows): the frame then points at one string per value instead of one per
    field, which at ten times the default population is most of ingest's
    memory. The values are the same strings.
    """
    held: dict[str, str] = {}
    return [
        held.setdefault(field, field) if field.strip() != "" else None
        for field in (record[pos] for record in data)
    ]


def _read_csv(path: Path, table: Table) -> ReadTable:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        line = path.read_bytes()[: e.start].count(b"\n") + 1
        raise StructuralError(
            name, "encoding", "file is not UTF-8 text", row=line, table=table.name
        ) from e
    # strict=True makes an unterminated quote at the end of the file an error
    # instead of silently swallowing the rest of the file into one field.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for record in reader:
            if record:  # csv yields [] for a blank line
                rows.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as e:
        raise StructuralError(
            name,
            "truncated_file",
            f"the record starting here is broken ({e}); an unterminated quote "
            "usually means the file was cut off",
            row=start,
            table=table.name,
        ) from e
    if not rows:
        raise StructuralError(name, "empty_file", "file has no header line", table=table.name)
    header, data, data_lines = rows[0], rows[1:], lines[1:]
    positions, warnings = check_header(header, table, name, lines[0], "line")
    width = len(header)
    for i, (record, line) in enumerate(zip(data, data_lines, strict=True)):
        if len(record) != width:
            last = i == len(data) - 1
            raise StructuralError(
                name,
                "truncated_file" if last and len(record) < width else "wrong_field_count",
                f"the record has {len(record)} fields, the header has {width}"
                + (" (the file looks cut off)" if last and len(record) < width else ""),
                row=line,
                table=table.name,
            )
    if data and not text.endswith(("\n", "\r")):
        # Every CSV writer ends the last record with a newline; without one the
        # file may have been cut inside the last field. The gate still judges
        # that row's values; this says where to look.
        warnings.append(
            f"{name}: the file does not end with a newline; line {data_lines[-1]} may be cut off"
        )
    columns = {}
    for col, pos in zip(table.column_names, positions, strict=True):
        if pos is None:  # an optional column the extract does not have: loaded blank
            columns[col] = [None] * len(data)
            continue
        columns[col] = _column(data, pos)
    frame = pd.DataFrame(columns, dtype=object)
    frame[ROW_NUMBER] = pd.Series(data_lines, dtype="int64")
    return ReadTable(table, name, "", frame, "line", warnings)
