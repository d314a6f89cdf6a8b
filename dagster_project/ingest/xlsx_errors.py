"""The error cells of one worksheet (#REF!, #N/A, ...), by row and column.

Belongs here: finding a sheet's error cells in the workbook's XML. python-
calamine reads an error cell as an empty one, but a broken formula in a
manual tracker is a defect the gates must see (as openpyxl gave it: the
error's text, which no column's rule accepts), not a blank they may forgive.

OOXML writes every error cell as `<c r="D12" t="e">...<v>#REF!</v></c>`
(ECMA-376 part 1, 18.3.1.4 and 18.18.11), so a scan of the sheet's XML
text for `t="e"` finds them all without parsing every cell again in
Python. The sheet's part is found through the workbook's relationships, as
a reader must (its file name need not follow the sheet's position).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# One cell element whose type attribute says "e", with its reference and content.
# A self-closing cell (`<c .../>`) has no value and is left out.
_ERROR_CELL = re.compile(
    rb'<c\b(?=[^>]*\bt="e")[^>]*\br="([A-Z]+)([0-9]+)"[^>]*(?<!/)>(.*?)</c>', re.S
)
_VALUE = re.compile(rb"<v>([^<]*)</v>")


def _column_index(letters: bytes) -> int:
    """A1-style column letters as a 0-based index: A is 0, Z 25, AA 26."""
    index = 0
    for letter in letters:
        index = index * 26 + (letter - ord("A") + 1)
    return index - 1


def _sheet_part(workbook: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding the named sheet's XML, or None."""
    book = ElementTree.fromstring(workbook.read("xl/workbook.xml"))
    ids = [s.get(_RELATIONSHIP_ID) for s in book.iter(f"{_MAIN}sheet") if s.get("name") == sheet]
    if not ids:
        return None
    rels = ElementTree.fromstring(workbook.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{_RELATIONSHIPS}Relationship"):
        if rel.get("Id") == ids[0]:
            target = rel.get("Target", "")
            # A target is relative to xl/, or absolute from the package root.
            return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return None


def error_cells(path, sheet: str) -> dict[tuple[int, int], str]:
    """{(0-based row, 0-based column): error text} for every error cell of the sheet.

    Raises what zipfile or ElementTree raise on a damaged workbook; the
    caller (xlsx.py) turns any failure into the file's structural error.
    """
    with zipfile.ZipFile(path) as workbook:
        part = _sheet_part(workbook, sheet)
        if part is None:
            return {}
        xml = workbook.read(part)
    cells: dict[tuple[int, int], str] = {}
    for column, row, content in _ERROR_CELL.findall(xml):
        value = _VALUE.search(content)
        if value is not None:
            text = value.group(1).decode("utf-8")
            cells[(int(row) - 1, _column_index(column))] = text
    return cells
