"""Turning the text of a 903 cell into a normalised value.

Shared by the CSV and the XML reader so that both give identical tables:
codes are trimmed and upper-cased (case systems export "c2" and "C2"), blanks
become None, dates are dd/mm/yyyy and become timestamps.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.ssda903.layout import (
    COLLECTION_YEAR,
    DATE_FORMAT,
    SOURCE_FILE,
    SOURCE_LOCATION,
    TABLES,
)
from dagster_project.ssda903.problems import ReadProblem


def clean_text(series: pd.Series) -> pd.Series:
    """Trimmed, upper-cased text; blank cells become None."""
    text = series.astype("object").where(series.notna(), None)
    text = text.map(lambda v: None if v is None else str(v).strip().upper())
    return text.map(lambda v: None if v == "" else v)


def parse_dates(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(the dates, a mask of cells that held text but no dd/mm/yyyy date)."""
    parsed = pd.to_datetime(text, format=DATE_FORMAT, errors="coerce")
    invalid = text.notna() & parsed.isna()
    return parsed.astype("datetime64[ns]"), invalid


def build_table(
    name: str, raw: pd.DataFrame, locations: list[str], file_name: str, collection_year: int
) -> tuple[pd.DataFrame, list[ReadProblem]]:
    """The normalised table from raw text cells (one column per DfE field)."""
    layout = TABLES[name]
    frame = pd.DataFrame(index=range(len(raw)))
    problems = []
    for column in layout.columns:
        cells = raw[column] if column in raw else pd.Series([None] * len(raw), dtype="object")
        frame[column] = clean_text(cells.reset_index(drop=True))
    for column in layout.date_columns:
        dates, invalid = parse_dates(frame[column])
        frame[column] = dates
        problems += [
            ReadProblem(file_name, locations[i], column, "not a dd/mm/yyyy date", name)
            for i in invalid[invalid].index
        ]
    frame[COLLECTION_YEAR] = pd.Series([collection_year] * len(frame), dtype="int64")
    frame[SOURCE_FILE] = pd.Series([file_name] * len(frame), dtype="object")
    frame[SOURCE_LOCATION] = pd.Series(list(locations), dtype="object")
    return frame, problems
