"""The DfE children's services statistical-neighbour model -> long rows.

Ten neighbours per LA, ranked 1 (closest) to 10, each with a closeness label.
Two file shapes are published:

- April 2021 (`New_Statistical_Neighbour_Groupings_April_2021.csv`):
  `LA num, LA Name, LA number, GOInd, GOReg, SN1, SNP, SN2, SNP, ... SN10, SNP`
  (the closeness column is always headed `SNP`; a trailing empty column);
- 2025 (`sn_model_2025_wide.csv`): `old_la_code, la_name, region_ind,
  region_name, SN_1, SN_1P, ... SN_10, SN_10P`.

The model version is the year in the file name (2021, 2025). The 2021 file
still lists pre-2019 Dorset/Poole/Bournemouth (835/836/837) and
Northamptonshire (928) as LAs of their own: they are kept as published; the
benchmarks handle retired codes (see la_codes).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from dagster_project.benchmarks.ees_layout import MalformedReleaseError

NEIGHBOURS = 10
SN_COLUMNS_OUT = (
    "model_version",
    "old_la_code",
    "la_name",
    "region_name",
    "neighbour_rank",
    "neighbour_old_la_code",
    "closeness",
)

_LAYOUT_2021 = {"la": "LA num", "name": "LA Name", "region": "GOReg", "sn": "SN{}", "p": "SNP"}
_LAYOUT_2025 = {
    "la": "old_la_code",
    "name": "la_name",
    "region": "region_name",
    "sn": "SN_{}",
    "p": "SN_{}P",
}
_LA_CODE = re.compile(r"^\d{3}$")


def model_version(path: Path) -> int:
    match = re.search(r"(20\d{2})", path.stem)
    if not match:
        raise MalformedReleaseError(
            path.name, "statistical-neighbour file name must carry the model year (e.g. 2025)"
        )
    return int(match.group(1))


def _layout(name: str, header: list[str]) -> dict[str, str]:
    columns = set(header)
    for layout in (_LAYOUT_2025, _LAYOUT_2021):
        if layout["la"] in columns:
            needed = [layout["la"], layout["name"], layout["region"]]
            needed += [layout["sn"].format(i) for i in range(1, NEIGHBOURS + 1)]
            if layout is _LAYOUT_2025:
                needed += [layout["p"].format(i) for i in range(1, NEIGHBOURS + 1)]
            else:
                needed += [layout["p"]]
            missing = [c for c in needed if c not in columns]
            if missing:
                raise MalformedReleaseError(
                    name, "not a statistical-neighbour model layout", missing=missing
                )
            return layout
    raise MalformedReleaseError(
        name,
        "not a statistical-neighbour model layout (no 'old_la_code' or 'LA num' column)",
        missing=["old_la_code"],
    )


def read_sn_model(path: Path) -> pd.DataFrame:
    name = path.name
    version = model_version(path)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        raise MalformedReleaseError(name, "the file is empty")
    header = [c.strip() for c in rows[0]]
    layout = _layout(name, header)
    positions = {}
    for i, column in enumerate(header):
        positions.setdefault(column, i)  # first SN1 etc.; SNP repeats in 2021
    records = []
    for row_number, row in enumerate(rows[1:], start=2):
        row = [c.strip() for c in row]
        if not any(row):
            continue
        la = row[positions[layout["la"]]]
        if not la:
            continue  # the 2021 file has a blank separator row
        if not _LA_CODE.match(la):
            raise MalformedReleaseError(name, f"row {row_number}: LA code {la!r} is not 3 digits")
        for rank in range(1, NEIGHBOURS + 1):
            sn_index = positions[layout["sn"].format(rank)]
            neighbour = row[sn_index]
            if not _LA_CODE.match(neighbour):
                raise MalformedReleaseError(
                    name, f"row {row_number}: neighbour {rank} {neighbour!r} is not a 3-digit code"
                )
            # 2021: closeness sits in the column right after each SNn.
            p_index = (
                sn_index + 1 if layout is _LAYOUT_2021 else positions[layout["p"].format(rank)]
            )
            closeness = row[p_index] if p_index < len(row) else ""
            records.append(
                (
                    version,
                    la,
                    row[positions[layout["name"]]],
                    row[positions[layout["region"]]],
                    rank,
                    neighbour,
                    closeness or None,
                )
            )
    if not records:
        raise MalformedReleaseError(name, "no LA rows")
    return pd.DataFrame.from_records(records, columns=list(SN_COLUMNS_OUT))
