"""Read one contract table from an XLSX workbook, as text.

Belongs here: opening the workbook, finding the table's sheet and header
row, and turning each cell into the text the gates judge. Any failure to
open or read the workbook (a damaged zip, random bytes inside a sheet's
XML, a sheet missing) is a `StructuralError` naming the file and sheet:
a corrupt workbook surfaces as many exception types, and none of them may
stop the night. Sheet names not in the contract are never repeated (see
`untrusted`).

The workbook is read by python-calamine (Rust): 15-30 times less CPU than
openpyxl for the same cells (docs/performance.md). It reads an error cell
(#REF!) as empty, so those are put back from the sheet's XML
(xlsx_errors.py); with that, each cell reaches `cell_text` as openpyxl gave
it, and the text the gates judge is unchanged.
"""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd

from contract import Source, Table, load_contract
from dagster_project.gates.build_suites import ROW_NUMBER
from dagster_project.ingest.errors import StructuralError
from dagster_project.ingest.header import check_header
from dagster_project.ingest.untrusted import known_or_unexpected
from dagster_project.ingest.xlsx_errors import error_cells


def cell_text(value: object, col_type: str, source: Source) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        # calamine gives a cell with a date-only format as a date; Excel
        # stores it as midnight of that day, which is what openpyxl gave and
        # what a datetime column's format expects.
        value = dt.datetime.combine(value, dt.time())
    if isinstance(value, dt.datetime):
        if col_type == "datetime":
            return value.strftime(source.datetime_format)
        if col_type == "date":
            return value.strftime(source.date_format)
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() != "" else None


def _contract_sheets(file: str) -> set[str]:
    return {t.sheet for t in load_contract().tables() if t.file == file and t.sheet}


def _is_unreadable(error: BaseException) -> bool:
    """Whether an error reading a workbook means the file is damaged.

    calamine raises its own errors for most damage, but a panic in its Rust
    code reaches Python as pyo3's PanicException, a BaseException: it must
    reject the file too, not stop the night. Only an interrupt or exit passes.
    """
    return not isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit)


def _put_back_error_cells(rows: list[list], errors: dict[tuple[int, int], str]) -> None:
    """Give each error cell its text (#REF!), which calamine read as empty."""
    for (row, column), text in errors.items():
        if row < len(rows):
            cells = rows[row]
            cells.extend([""] * (column + 1 - len(cells)))
            cells[column] = text


def _sheet_rows(path, table: Table) -> list[list]:
    from python_calamine import CalamineWorkbook

    name = path.name
    try:
        # A formula's cached value is read, not its text; an error value
        # such as #REF! comes through as that text.
        wb = CalamineWorkbook.from_path(os.fspath(path))
    except BaseException as e:  # a damaged workbook raises many kinds
        if not _is_unreadable(e):
            raise
        raise StructuralError(
            name,
            "broken_spreadsheet",
            f"file is not a readable .xlsx workbook ({type(e).__name__})",
            table=table.name,
        ) from None
    try:
        if table.sheet not in wb.sheet_names:
            sheets = known_or_unexpected(wb.sheet_names, _contract_sheets(name), "sheet")
            raise StructuralError(
                name,
                "missing_sheet",
                f"sheet {table.sheet} is missing (sheets: {', '.join(sheets)})",
                table=table.name,
            )
        # From cell A1 (not from the first cell used), so that rows are
        # numbered as the sheet numbers them.
        rows = wb.get_sheet_by_name(table.sheet).to_python(skip_empty_area=False)
        _put_back_error_cells(rows, error_cells(path, table.sheet))
        return rows[table.header_row - 1 :]
    except StructuralError:
        raise
    except BaseException as e:  # a corrupt sheet XML raises many kinds
        if not _is_unreadable(e):
            raise
        raise StructuralError(
            f"{name} sheet {table.sheet}",
            "broken_spreadsheet",
            f"sheet cannot be read ({type(e).__name__})",
            table=table.name,
        ) from None
    finally:
        wb.close()


def read_xlsx(path, table: Table, source: Source) -> tuple[pd.DataFrame, list[str]]:
    """The table's frame of text (plus `_row_number`) and its header warnings."""
    location = f"{path.name} sheet {table.sheet}"
    all_rows = _sheet_rows(path, table)
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
    positions, warnings = check_header(header, table, location, table.header_row, "row")
    types = [c.type for c in table.columns]
    data: dict[str, list] = {c: [] for c in table.column_names}
    numbers: list[int] = []
    for offset, values in enumerate(all_rows[1:], start=1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue  # formatted but empty rows at the bottom of a sheet
        for col, pos, col_type in zip(table.column_names, positions, types, strict=True):
            value = values[pos] if pos is not None and pos < len(values) else None
            data[col].append(cell_text(value, col_type, source))
        numbers.append(table.header_row + offset)
    frame = pd.DataFrame(data, dtype=object)
    frame[ROW_NUMBER] = pd.Series(numbers, dtype="int64")
    return frame, warnings
