"""Write normalised 903 tables back out as DfE CSV tables or as the DfE XML return.

Used to check that the CSV and the XML form of one return read identically,
and meant for the simulator's 903 writer (issue 10): the same lives, in the
layout a council's case-management system exports. Writing needs no
protection against hostile input, so the standard library's ElementTree
builds the XML.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import pandas as pd

from dagster_project.ssda903.layout import COLUMN_TO_XML_TAG, DATE_FORMAT, TABLES

# Order of the header's own fields and groups in the DfE XML return.
_HEADER_FIELDS = ("CHILD", "UPN", "SEX", "DOB", "ETHNIC")
_GROUPS = (
    ("reviews", "AREVIEW", ("REVIEW", "REVIEW_CODE")),
    ("missing", "AMISSING", ("MISSING", "MIS_START", "MIS_END")),
    ("previous_permanence", "PERMANENCE", ("PREV_PERM", "LA_PERM", "DATE_PERM")),
    ("oc2", "OC2", TABLES["oc2"].columns[2:]),
    ("placed_for_adoption", "AD_PLACED", ("DATE_PLACED", "DATE_PLACED_CEASED",
                                         "REASON_PLACED_CEASED")),
)  # fmt: skip
_INLINE = (("uasc", ("DUC",)), ("oc3", ("IN_TOUCH", "ACTIV", "ACCOM")),
           ("ad1", TABLES["ad1"].columns[2:]))  # fmt: skip
_EPISODE_FIELDS = tuple(c for c in TABLES["episodes"].columns if c != "CHILD")


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime(DATE_FORMAT)
    return str(value)


def write_csv_tables(tables: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    """One `<table>.csv` per table with rows, DfE columns and dd/mm/yyyy dates."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        if frame.empty:
            continue
        out = frame[list(TABLES[name].columns)].map(_text)
        path = folder / f"{name}.csv"
        out.to_csv(path, index=False)
        written.append(path)
    return written


def _leaf(parent: ET.Element, column: str, value) -> None:
    ET.SubElement(parent, COLUMN_TO_XML_TAG.get(column, column)).text = _text(value) or None


def write_xml_return(tables: dict[str, pd.DataFrame], path: Path) -> Path:
    """The DfE XML return holding the same records (one CHILD per header row)."""
    by_child = {n: {c: g for c, g in t.groupby("CHILD", sort=False)} for n, t in tables.items()}
    root = ET.Element("EXPSSDA903")
    for _, person in tables["header"].iterrows():
        child_id = person["CHILD"]
        child = ET.SubElement(root, "CHILD")
        header = ET.SubElement(child, "HEADER")
        for column in _HEADER_FIELDS:
            _leaf(header, column, person[column])
        uasc = by_child["uasc"].get(child_id)
        _leaf(header, "UASC", "1" if uasc is not None else None)
        for name, columns in _INLINE:
            rows = by_child[name].get(child_id)
            if rows is not None:
                for column in columns:
                    _leaf(header, column, rows.iloc[0][column])
        _leaf(header, "MOTHER", person["MOTHER"])
        _leaf(header, "MC_DOB", person["MC_DOB"])
        for name, tag, columns in _GROUPS:
            rows = by_child[name].get(child_id)
            for _, row in rows.iterrows() if rows is not None else ():
                group = ET.SubElement(header, tag)
                for column in columns:
                    _leaf(group, column, row[column])
        episodes = by_child["episodes"].get(child_id)
        for _, row in episodes.iterrows() if episodes is not None else ():
            episode = ET.SubElement(child, "EPISODE")
            for column in _EPISODE_FIELDS:
                _leaf(episode, column, row[column])
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path
