"""Read one contract table from an XLSX workbook, as text.

Belongs here: opening the workbook, finding the table's sheet and header
row, and turning each cell into the text the gates judge. Any failure to
open or read the workbook (a damaged zip, random bytes inside a sheet's
XML, a sheet missing) is a `StructuralError` naming the file and sheet:
openpyxl surfaces a corrupt workbook as many exception types, and none of
them may stop the night. Sheet names not in the contract are never repeated
(see `untrusted`).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from contract import Source, Table, load_contract
from dagster_project.gates.build_suites import ROW_NUMBER
from dagster_project.ingest.errors import StructuralError
from dagster_project.ingest.header import check_header
from dagster_project.ingest.untrusted import known_or_unexpected


def cell_text(value: object, col_type: str, source: Source) -> str | None:
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


def _contract_sheets(file: str) -> set[str]:
    return {t.sheet for t in load_contract().tables() if t.file == file and t.sheet}


def _sheet_rows(path, table: Table) -> list[tuple]:
    from openpyxl import load_workbook

    name = path.name
    try:
        # data_only: the cached value of a formula, not its text; an error
        # value such as #REF! comes through as that text.
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # a damaged workbook raises many kinds
        raise StructuralError(
            name,
            "broken_spreadsheet",
            f"file is not a readable .xlsx workbook ({type(e).__name__})",
            table=table.name,
        ) from None
    try:
        if table.sheet not in wb.sheetnames:
            sheets = known_or_unexpected(wb.sheetnames, _contract_sheets(name), "sheet")
            raise StructuralError(
                name,
                "missing_sheet",
                f"sheet {table.sheet} is missing (sheets: {', '.join(sheets)})",
                table=table.name,
            )
        return list(wb[table.sheet].iter_rows(min_row=table.header_row, values_only=True))
    except StructuralError:
        raise
    except Exception as e:  # a corrupt sheet XML raises many kinds
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
