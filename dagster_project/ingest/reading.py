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


# Records parsed before they are turned into columns: a chunk's records as
# lists are the reader's only copy of the text (about 10 MB for 20,000 rows of
# the widest table), instead of the whole file as text, as a StringIO copy and
# as records (most of ingest's memory at ten times the default population).
CHUNK_ROWS = 20_000


def read_table(drop_dir: Path, table: Table, chunk_rows: int = CHUNK_ROWS) -> ReadTable:
    """Read `table` from the drop folder, or raise StructuralError.

    `chunk_rows`: how many CSV records are held as lists at once (see CHUNK_ROWS).
    """
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
            result = _read_csv(path, table, chunk_rows)
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


def _add_columns(
    columns: dict[str, list], held: dict[str, dict[str, str]], positions, chunk: list[list[str]]
) -> None:
    """Append a chunk of records to each column's list, blanks as None.

    A column repeats few values (dates, codes, a child's id on each of its
    rows): each column holds one string per distinct value (`held`, kept
    across chunks) instead of one per field, which at ten times the default
    population is most of ingest's memory. The values are the same strings.
    """
    for col, pos in positions:
        seen = held[col]
        columns[col].extend(
            seen.setdefault(field, field) if field.strip() != "" else None
            for field in (record[pos] for record in chunk)
        )


def _encoding_error(path: Path, table: Table) -> StructuralError | None:
    """The error a file that is not UTF-8 text gets, at the line of its first bad byte."""
    try:
        path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = path.read_bytes()[: e.start].count(b"\n") + 1
        return StructuralError(
            path.name, "encoding", "file is not UTF-8 text", row=line, table=table.name
        )
    return None


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as f:
        f.seek(-1, 2)
        return f.read(1) in (b"\n", b"\r")


def _read_csv(path: Path, table: Table, chunk_rows: int = CHUNK_ROWS) -> ReadTable:
    """Parse the file as a stream, `chunk_rows` records at a time.

    The faults are judged in the order a whole-file read finds them: not
    UTF-8, then a broken record (csv), then the header, then the first
    record whose field count is not the header's. A fault of a later kind
    found first is kept until the whole file has parsed.
    """
    name = path.name
    if chunk_rows < 1:
        raise ValueError("chunk_rows must be at least 1")
    columns: dict[str, list] = {}
    held: dict[str, dict[str, str]] = {}
    present: list[tuple[str, int]] = []
    data_lines: list[int] = []
    chunk: list[list[str]] = []
    header: list[str] | None = None
    header_fault: StructuralError | None = None
    warnings: list[str] = []
    width = 0
    mismatch: tuple[int, int, int] | None = None  # (data index, fields, line)
    records = 0
    start = 1
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            # strict=True makes an unterminated quote at the end of the file an
            # error instead of silently swallowing the rest of the file into one
            # field.
            reader = csv.reader(f, strict=True)
            try:
                for record in reader:
                    if record:  # csv yields [] for a blank line
                        if header is None:
                            header, width = record, len(record)
                            try:
                                positions, warnings = check_header(
                                    header, table, name, start, "line"
                                )
                            except StructuralError as e:
                                header_fault = e
                            else:
                                present = [
                                    (col, pos)
                                    for col, pos in zip(table.column_names, positions, strict=True)
                                    if pos is not None
                                ]
                                for col in table.column_names:
                                    columns[col], held[col] = [], {}
                        else:
                            if mismatch is None and len(record) != width:
                                mismatch = (records, len(record), start)
                            records += 1
                            if header_fault is None and mismatch is None:
                                chunk.append(record)
                                data_lines.append(start)
                                if len(chunk) >= chunk_rows:
                                    _add_columns(columns, held, present, chunk)
                                    chunk = []
                    start = reader.line_num + 1
            except csv.Error as e:
                raise _encoding_error(path, table) or StructuralError(
                    name,
                    "truncated_file",
                    f"the record starting here is broken ({e}); an unterminated quote "
                    "usually means the file was cut off",
                    row=start,
                    table=table.name,
                ) from e
    except UnicodeDecodeError:
        raise _encoding_error(path, table) from None
    if header is None:
        raise StructuralError(name, "empty_file", "file has no header line", table=table.name)
    if header_fault is not None:
        raise header_fault
    if mismatch is not None:
        index, fields, line = mismatch
        cut = index == records - 1 and fields < width
        raise StructuralError(
            name,
            "truncated_file" if cut else "wrong_field_count",
            f"the record has {fields} fields, the header has {width}"
            + (" (the file looks cut off)" if cut else ""),
            row=line,
            table=table.name,
        )
    _add_columns(columns, held, present, chunk)
    del chunk, held
    if data_lines and not _ends_with_newline(path):
        # Every CSV writer ends the last record with a newline; without one the
        # file may have been cut inside the last field. The gate still judges
        # that row's values; this says where to look.
        warnings.append(
            f"{name}: the file does not end with a newline; line {data_lines[-1]} may be cut off"
        )
    found = {col for col, _ in present}
    for col in table.column_names:
        if col not in found:  # an optional column the extract does not have: loaded blank
            columns[col] = [None] * len(data_lines)
    frame = pd.DataFrame(columns, dtype=object)
    frame[ROW_NUMBER] = pd.Series(data_lines, dtype="int64")
    return ReadTable(table, name, "", frame, "line", warnings)
