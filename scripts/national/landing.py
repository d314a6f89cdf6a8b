"""Read a landing zone with pandas, as the national benchmark's independent implementation needs it.

Written for the benchmark, apart from the pipeline: nothing here imports
dagster_project or reads the raw history. It follows the rules the pipeline
documents for what a night knows (dbt/macros/latest_extract.sql, the data
contract's formats), re-implemented:

- a council's night (its as-of date) is its newest social care extract;
- each table is read from the newest extract of its source on or before that
  night;
- where a table says when each row was recorded (RECORDED_AT), only rows
  recorded by the end of the as-of day count;
- the contract's row rules drop or blank what the gates would
  (scripts/national/row_rules.py).

Two layouts: one council, `<landing>/<source>/<date>/`, and many,
`<landing>/<la_code>/<source>/<date>/` (what `python -m simulator --las N` writes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scripts.national.row_rules import apply_row_rules

SOCIAL_CARE_DATE = "%d/%m/%Y"
SOCIAL_CARE_DATETIME = "%Y-%m-%dT%H:%M:%S"
FOSTERING_DATE = "%d/%m/%Y"

# The social care tables the indicators read, with their date columns.
SOCIAL_CARE_TABLES = {
    "header": ["DOB"],
    "episodes": ["DECOM", "DEC"],
    "reviews": ["REVIEW"],
    "visits": ["VISIT_DATE"],
    "health_assessments": ["ASSESSMENT_DATE"],
    "oc3": ["CONTACT_DATE"],
}
# The fostering tracker's sheets (title row above the header) and date columns.
FOSTERING_SHEETS = {
    "Households": ["approval_date", "deregistration_date"],
    "Approvals": ["stage_date"],
}


@dataclass
class Council:
    """One council's night: its code, as-of date and the tables read as known that night."""

    la_code: str
    as_of: dt.date
    tables: dict[str, pd.DataFrame]


def council_folders(landing: Path, la_code: str) -> dict[str, Path]:
    """{la_code: folder holding its source folders}. A folder of 3-digit codes is many
    councils; a folder holding social_care is one (the code given)."""
    landing = Path(landing)
    if (landing / "social_care").is_dir():
        return {la_code: landing}
    return {
        child.name: child
        for child in sorted(landing.iterdir())
        if child.is_dir() and child.name.isdigit() and (child / "social_care").is_dir()
    }


def newest_drop(source_dir: Path, on_or_before: dt.date | None) -> Path | None:
    drops = [
        d
        for d in source_dir.iterdir()
        if d.is_dir() and (on_or_before is None or dt.date.fromisoformat(d.name) <= on_or_before)
    ]
    return max(drops, key=lambda d: d.name) if drops else None


def _dates(frame: pd.DataFrame, columns: list[str], fmt: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column], format=fmt, errors="coerce")
    return frame


def _cell_dates(cells: pd.Series) -> pd.Series:
    """XLSX date cells (datetimes); a text cell in the tracker's format is accepted too."""
    return cells.map(
        lambda v: (
            pd.to_datetime(v, format=FOSTERING_DATE, errors="coerce")
            if isinstance(v, str)
            else pd.to_datetime(v)
        )
    ).astype("datetime64[ns]")


def _known_by(frame: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Rows recorded by the end of the as-of day (latest_extract's recorded-at rule)."""
    if "RECORDED_AT" not in frame.columns:
        return frame
    recorded = pd.to_datetime(frame["RECORDED_AT"], format=SOCIAL_CARE_DATETIME, errors="coerce")
    return frame[recorded < pd.Timestamp(as_of) + pd.Timedelta(days=1)].reset_index(drop=True)


def read_council(folder: Path, la_code: str, as_of: dt.date | None = None) -> Council:
    """One council's tables as known on its night (the newest social care drop, or `as_of`)."""
    social_care = newest_drop(folder / "social_care", as_of)
    if social_care is None:
        raise FileNotFoundError(f"no social care extract for council {la_code}")
    night = dt.date.fromisoformat(social_care.name)
    tables: dict[str, pd.DataFrame] = {}
    for table, date_columns in SOCIAL_CARE_TABLES.items():
        frame = pd.read_csv(social_care / f"{table}.csv", dtype=str, keep_default_na=False)
        frame = frame.apply(lambda column: column.str.strip()).replace("", None)
        frame = apply_row_rules("social_care", table, frame, night)
        tables[table] = _dates(_known_by(frame, night), date_columns, SOCIAL_CARE_DATE)
    population = newest_drop(folder / "population", night)
    tables["population"] = (
        pd.read_csv(population / "population.csv", dtype={"la_code": str})
        if population is not None
        else pd.DataFrame(columns=["la_code", "mid_year", "population_0_17"])
    )
    fostering = newest_drop(folder / "fostering", night)
    for sheet, date_columns in FOSTERING_SHEETS.items():
        if fostering is None:
            tables[sheet.lower()] = pd.DataFrame(columns=[*date_columns, "household_id"])
            continue
        frame = pd.read_excel(
            fostering / "fostering_tracker.xlsx", sheet_name=sheet, header=1, dtype=object
        )
        for column in date_columns:
            frame[column] = _cell_dates(frame[column])
        tables[sheet.lower()] = frame
    return Council(la_code=la_code, as_of=night, tables=tables)
