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
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from contract import Source, Table, load_contract
from dagster_project.checksums import sha256_of
from dagster_project.gates.build_suites import ROW_NUMBER
from dagster_project.ingest.errors import StructuralError


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
    if not path.is_file():
        raise StructuralError(
            table.file, "missing_file", "file is missing from the drop", table=table.name
        )
    if path.stat().st_size == 0:
        raise StructuralError(table.file, "empty_file", "file is empty (0 bytes)", table=table.name)
    if source.format == "csv":
        result = _read_csv(path, table)
    elif source.format == "xlsx":
        result = _read_xlsx(path, table, source)
    else:  # pragma: no cover - the contract only has csv and xlsx
        raise ValueError(f"unknown format {source.format}")
    result.sha256 = sha256_of(path)
    return result


def _check_header(
    header: list[str], table: Table, location: str, row: int, label: str
) -> tuple[list[int | None], list[str]]:
    """Positions of the contract columns in `header` (None: an absent optional column), and
    warnings for extras and absent optional columns."""
    names = [h.strip() if isinstance(h, str) else h for h in header]
    absent = [c for c in table.columns if c.may_be_absent and c.name not in names]
    for col in table.column_names:
        if col not in names and col not in {c.name for c in absent}:
            raise StructuralError(
                location,
                "missing_column",
                f"column {col} is missing from the header",
                row=row,
                column=col,
                row_label=label,
                table=table.name,
            )
    duplicates = {n for n in names if n is not None and names.count(n) > 1}
    if duplicates & set(table.column_names):
        col = sorted(duplicates & set(table.column_names))[0]
        raise StructuralError(
            location,
            "duplicate_column",
            f"column {col} appears twice in the header",
            row=row,
            column=col,
            row_label=label,
            table=table.name,
        )
    extras = [str(n) for n in names if n not in table.column_names and n not in (None, "")]
    warnings = (
        [f"{location}: extra column(s) not in the contract, ignored: {', '.join(extras)}"]
        if extras
        else []
    )
    for c in absent:
        # names from the contract only, never from the file
        checks = ", ".join(c.used_if_recorded_by)
        warnings.append(
            f"{location}: column {c.name} is not in the extract (the contract allows it): "
            f"loaded blank; {checks}: cannot check: no {c.name}"
        )
    return [names.index(c) if c in names else None for c in table.column_names], warnings


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
    positions, warnings = _check_header(header, table, name, lines[0], "line")
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
        if pos is None:
            columns[col] = [None] * len(data)
            continue
        columns[col] = [r[pos] if r[pos].strip() != "" else None for r in data]
    frame = pd.DataFrame(columns, dtype=object)
    frame[ROW_NUMBER] = pd.Series(data_lines, dtype="int64")
    return ReadTable(table, name, "", frame, "line", warnings)


def _cell_text(value: object, col_type: str, source: Source) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if col_type == "datetime":
            return value.strftime(source.datetime_format)
        if col_type == "date":
            return value.strftime(source.date_format)
        return value.isoformat()
    if isinstance(value, dt.date):
        if col_type in ("date", "datetime"):
            return value.strftime(source.date_format)
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() != "" else None


def _read_xlsx(path: Path, table: Table, source: Source) -> ReadTable:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    name = path.name
    location = f"{name} sheet {table.sheet}"
    try:
        # data_only: the cached value of a formula, not its text; an error
        # value such as #REF! comes through as that text.
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as e:
        raise StructuralError(
            name,
            "broken_spreadsheet",
            f"file is not a readable .xlsx workbook ({type(e).__name__})",
            table=table.name,
        ) from e
    try:
        if table.sheet not in wb.sheetnames:
            raise StructuralError(
                name,
                "missing_sheet",
                f"sheet {table.sheet} is missing (sheets: {', '.join(wb.sheetnames)})",
                table=table.name,
            )
        ws = wb[table.sheet]
        all_rows = list(ws.iter_rows(min_row=table.header_row, values_only=True))
    except StructuralError:
        raise
    except Exception as e:  # a corrupt sheet XML surfaces as many exception types
        raise StructuralError(
            location, "broken_spreadsheet", f"sheet cannot be read ({type(e).__name__})"
        ) from e
    finally:
        wb.close()
    if not all_rows or all(v is None for v in all_rows[0]):
        raise StructuralError(
            location,
            "empty_file",
            f"no header in row {table.header_row}",
            row=table.header_row,
            row_label="row",
            table=table.name,
        )
    header = [v.strip() if isinstance(v, str) else v for v in all_rows[0]]
    positions, warnings = _check_header(header, table, location, table.header_row, "row")
    types = [c.type for c in table.columns]
    data: dict[str, list] = {c: [] for c in table.column_names}
    numbers: list[int] = []
    for offset, values in enumerate(all_rows[1:], start=1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue  # formatted but empty rows at the bottom of a sheet
        for col, pos, col_type in zip(table.column_names, positions, types, strict=True):
            value = values[pos] if pos is not None and pos < len(values) else None
            data[col].append(_cell_text(value, col_type, source))
        numbers.append(table.header_row + offset)
    frame = pd.DataFrame(data, dtype=object)
    frame[ROW_NUMBER] = pd.Series(numbers, dtype="int64")
    return ReadTable(table, name, "", frame, "row", warnings)
