"""One EES file -> tidy long rows: one row per (source row, value column).

Breakdown (filter) columns are kept positionally as breakdown_1..3 with their
names joined in `breakdown_names`, so every dataset fits one table and the dbt
indicator map can filter any of them. `year_ending` is the 31 March that ends
the reporting year: the children looked after and care leavers figures are
"at 31 March" or "in the year to 31 March"; an EES financial-year period such
as 202122 ends on 31 March 2022.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pandas as pd

from dagster_project.benchmarks.ees_layout import EesDataset, MalformedReleaseError, check_header
from dagster_project.benchmarks.suppression import parse_value

MAX_BREAKDOWNS = 3

VALUE_COLUMNS_OUT = (
    "dataset",
    "source_row",
    "time_period",
    "time_identifier",
    "year_ending",
    "geographic_level",
    "country_code",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
    "breakdown_names",
    "breakdown_1",
    "breakdown_2",
    "breakdown_3",
    "measure",
    "value_text",
    "value",
    "suppression_code",
)

_PERIOD = re.compile(r"^(\d{4})(\d{2})?$")
GEOGRAPHIC_LEVELS = {"National", "Regional", "Local authority"}


def year_ending(time_period: str) -> dt.date:
    """'2022' or '202122' -> 2022-03-31. Raises ValueError otherwise."""
    match = _PERIOD.match(time_period.strip())
    if not match:
        raise ValueError(f"time_period {time_period!r} is not YYYY or YYYYYY")
    start = int(match.group(1))
    if match.group(2) is None:
        return dt.date(start, 3, 31)
    end_2 = int(match.group(2))
    if (start + 1) % 100 != end_2:
        raise ValueError(f"time_period {time_period!r} is not two consecutive years")
    return dt.date(start + 1, 3, 31)


def _blank_to_none(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text or None


def read_ees_file(path: Path, spec: EesDataset) -> pd.DataFrame:
    """Read and check the whole file before anything is written anywhere."""
    name = path.name
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise MalformedReleaseError(name, "the file is empty") from None
        columns = check_header(name, header, spec)
        index = {c: i for i, c in enumerate(columns)}
        records: list[tuple] = []
        breakdown_names = "|".join(spec.breakdown_columns)
        for row_number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue  # a trailing blank line is not data
            if len(row) != len(columns):
                raise MalformedReleaseError(
                    name, f"row {row_number} has {len(row)} cells, the header has {len(columns)}"
                )

            def cell(column: str, row=row) -> str | None:
                return _blank_to_none(row[index[column]]) if column in index else None

            period = cell("time_period") or ""
            try:
                ending = year_ending(period)
            except ValueError as error:
                raise MalformedReleaseError(name, f"row {row_number}: {error}") from None
            level = cell("geographic_level")
            if level not in GEOGRAPHIC_LEVELS:
                # Other levels (e.g. "Local authority district") are not benchmarks.
                continue
            breakdowns = [cell(c) for c in spec.breakdown_columns]
            breakdowns += [None] * (MAX_BREAKDOWNS - len(breakdowns))
            for measure in spec.value_columns:
                raw = row[index[measure]]
                value, code = parse_value(raw)
                records.append(
                    (
                        spec.dataset,
                        row_number,
                        period,
                        cell("time_identifier"),
                        ending,
                        level,
                        cell("country_code"),
                        cell("region_code"),
                        cell("region_name"),
                        cell("old_la_code"),
                        cell("new_la_code"),
                        cell("la_name"),
                        breakdown_names,
                        *breakdowns[:MAX_BREAKDOWNS],
                        measure,
                        raw.strip(),
                        value,
                        code,
                    )
                )
    if not records:
        raise MalformedReleaseError(name, "no data rows")
    frame = pd.DataFrame.from_records(records, columns=list(VALUE_COLUMNS_OUT))
    frame["value"] = frame["value"].astype("float64")
    return frame
