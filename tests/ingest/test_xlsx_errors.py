"""Error cells (#REF!, #DIV/0!) reach the gates as their text, read by calamine.

python-calamine reads an error cell as an empty one; `xlsx_errors` puts the
error's text back from the sheet's XML. The workbooks here are written by
openpyxl, then edited the way Excel writes a broken formula (a cached error
value inside a formula cell, attributes in another order), with the sheets'
parts named against their order, so the lookup through the workbook's
relationships is what finds them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from dagster_project.ingest.xlsx_errors import error_cells


def _workbook(path: Path) -> Path:
    wb = Workbook()
    first = wb.active
    first.title = "First"
    first.append(["id", "places"])
    first.append(["A1", 2])
    second = wb.create_sheet("Second")
    second.append(["title"])
    second.append(["household_id", "places_approved", "status"])
    second.append(["FH1", "#REF!", "ACTIVE"])  # openpyxl writes it as an error cell
    second.append(["FH2", 1, "ACTIVE"])
    wb.save(path)
    return path


def _edit(path: Path, edit) -> None:
    """Rewrite the workbook's zip with `edit(name, bytes) -> (name, bytes)` applied."""
    with zipfile.ZipFile(path) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(*edit(name, data))


def test_openpyxl_error_cell_is_found(tmp_path) -> None:
    path = _workbook(tmp_path / "tracker.xlsx")
    assert error_cells(path, "Second") == {(2, 1): "#REF!"}
    assert error_cells(path, "First") == {}
    assert error_cells(path, "Not there") == {}


def test_excel_formula_errors_in_any_attribute_order(tmp_path) -> None:
    path = _workbook(tmp_path / "tracker.xlsx")

    def excel_like(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "xl/worksheets/sheet2.xml":
            data = data.replace(
                b'<c r="B3" t="e"><v>#REF!</v></c>',
                b'<c s="0" t="e" r="B3"><f>Sheet9!A1</f><v>#REF!</v></c>'
                b'<c r="AB3" t="e" s="0"><f>1/0</f><v>#DIV/0!</v></c>'
                b'<c r="AC3" t="e"/>',
            )
        return name, data

    _edit(path, excel_like)
    assert error_cells(path, "Second") == {(2, 1): "#REF!", (2, 27): "#DIV/0!"}


def test_sheet_found_through_the_relationships_not_its_position(tmp_path) -> None:
    path = _workbook(tmp_path / "tracker.xlsx")
    swap = {"xl/worksheets/sheet1.xml": "xl/worksheets/sheet2.xml"}
    swap |= {v: k for k, v in swap.items()}

    def swapped(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "xl/_rels/workbook.xml.rels":
            data = data.replace(b"/sheet1.xml", b"/sheetX.xml")
            data = data.replace(b"/sheet2.xml", b"/sheet1.xml")
            data = data.replace(b"/sheetX.xml", b"/sheet2.xml")
        return swap.get(name, name), data

    _edit(path, swapped)
    assert error_cells(path, "Second") == {(2, 1): "#REF!"}
    assert error_cells(path, "First") == {}


def test_calamine_alone_reads_an_error_cell_as_empty(tmp_path) -> None:
    """Why xlsx_errors exists: if calamine ever gives the error, it can go."""
    from python_calamine import CalamineWorkbook

    path = _workbook(tmp_path / "tracker.xlsx")
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Second").to_python()
    assert rows[2][1] == ""


@pytest.mark.parametrize("damage", [b"", b"PK\x03\x04 not a zip"])
def test_a_damaged_workbook_raises(tmp_path, damage) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(damage)
    with pytest.raises(zipfile.BadZipFile):
        error_cells(path, "Second")
