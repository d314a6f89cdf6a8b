"""Read the DfE's SSDA903 XML return into the same normalised tables as the CSVs.

The XML holds one `CHILD` element per child: a `HEADER` (the child's own
fields, with repeated `AREVIEW`, `AMISSING`, `AD_PLACED` groups and single
`OC2` and `PERMANENCE` groups, and the UASC, OC3 and AD1 fields inline) and
one `EPISODE` per episode. Every sub-table row carries the header's CHILD,
DOB and SEX, as the CSV tables do. Parsed with ElementTree behind defusedxml
(which refuses entity expansion and external entities), never with regular
expressions. Locations are element paths (`CHILD[12]/EPISODE[2]`) because a
return is often written on one line, where a line number says nothing.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
import pandas as pd
from defusedxml import DefusedXmlException

from dagster_project.ssda903.layout import TABLES, XML_TAG_TO_COLUMN
from dagster_project.ssda903.problems import ReadProblem, Ssda903ReadError, safe_column_name
from dagster_project.ssda903.values import build_table

# Repeated groups inside HEADER, and the table each one feeds.
_HEADER_GROUPS = {
    "AREVIEW": "reviews",
    "AMISSING": "missing",
    "AD_PLACED": "placed_for_adoption",
    "OC2": "oc2",
    "PERMANENCE": "previous_permanence",
}
# Inline header fields that, when any is filled, make a row of a table of
# their own (the CSV return has a uasc, oc3 and ad1 file for these).
_INLINE_TABLES = {
    "uasc": ("DUC",),
    "oc3": ("IN_TOUCH", "ACTIV", "ACCOM"),
    "ad1": ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
}
# Header fields that are neither a header column nor an inline table field
# but are known: UASC is the flag whose detail is the uasc table.
_KNOWN_FLAGS = {"UASC"}


def _leaves(element: Element) -> dict[str, str | None]:
    return {XML_TAG_TO_COLUMN.get(c.tag, c.tag): c.text for c in element if len(c) == 0}


def _parse(path: Path) -> Element:
    try:
        return SafeET.parse(path).getroot()
    except ParseError as error:
        line, column = error.position
        raise Ssda903ReadError(
            f"{path.name}, line {line}, character {column}: not well-formed XML"
        ) from None
    except DefusedXmlException:
        raise Ssda903ReadError(
            f"{path.name}: declares entities or a DTD, which a 903 return never needs; refused"
        ) from None


def read_xml_return(
    path: Path, collection_year: int
) -> tuple[dict[str, pd.DataFrame], list[ReadProblem]]:
    """All tables of one XML return, and the problems found reading it."""
    root = _parse(path)
    if root.tag != "EXPSSDA903":
        raise Ssda903ReadError(f"{path.name}: root element is not EXPSSDA903")
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    where: dict[str, list[str]] = {name: [] for name in TABLES}
    problems: list[ReadProblem] = []

    def add(table: str, record: dict, location: str) -> None:
        rows[table].append(record)
        where[table].append(location)

    for i, child in enumerate(root.findall("CHILD"), start=1):
        place = f"CHILD[{i}]"
        header = child.find("HEADER")
        if header is None:
            raise Ssda903ReadError(f"{path.name}, {place}: no HEADER element")
        fields = _leaves(header)
        person = {k: fields.get(k) for k in ("CHILD", "DOB", "SEX")}
        add("header", fields, f"{place}/HEADER")
        for table, tags in _INLINE_TABLES.items():
            if any(fields.get(t) not in (None, "") for t in tags):
                add(table, fields, f"{place}/HEADER")
            elif table == "uasc" and (fields.get("UASC") or "").strip() == "1":
                add(table, fields, f"{place}/HEADER")  # flagged UASC, no date ceased yet
        known = set(TABLES["header"].columns) | _KNOWN_FLAGS
        known |= {t for tags in _INLINE_TABLES.values() for t in tags}
        problems += [
            ReadProblem(path.name, f"{place}/HEADER", safe_column_name(tag),
                        "not a 903 field; ignored", "header", severity="warning")
            for tag in fields
            if tag not in known
        ]  # fmt: skip
        counts: dict[str, int] = {}
        for group in header:
            if group.tag in _HEADER_GROUPS:
                counts[group.tag] = counts.get(group.tag, 0) + 1
                location = f"{place}/HEADER/{group.tag}[{counts[group.tag]}]"
                add(_HEADER_GROUPS[group.tag], {**person, **_leaves(group)}, location)
            elif len(group):
                problems.append(
                    ReadProblem(
                        path.name,
                        f"{place}/HEADER",
                        safe_column_name(group.tag),
                        "not a 903 group; ignored",
                        "header",
                        severity="warning",
                    )
                )
        for j, episode in enumerate(child.findall("EPISODE"), start=1):
            add("episodes", {**person, **_leaves(episode)}, f"{place}/EPISODE[{j}]")
    tables = {}
    for name in TABLES:
        raw = pd.DataFrame(rows[name], columns=list(TABLES[name].columns))
        tables[name], value_problems = build_table(
            name, raw, where[name], path.name, collection_year
        )
        problems += value_problems
    return tables, problems
