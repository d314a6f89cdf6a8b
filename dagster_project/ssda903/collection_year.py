"""The 903 collection year: 1 April to 31 March, named by the year it ends in.

A return "for 2023/24" covers 1 April 2023 to 31 March 2024 and is held here as
`2024`, as the DfE's statistics name it ("year ending 31 March 2024"). The year
is read from a folder or file name (`2024`, `2023-24`, `2023_24`, `202324`,
`SSDA903_2024_episodes.csv`) or given by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

# The 903 in its present form (episodes with DECOM/RNE/LS/PLACE) started in
# 1991/92 (DfE rule 353: no episode before 14 October 1991); a year outside
# 1992..2100 in a name is a date or an id, not a collection year.
_EARLIEST, _LATEST = 1992, 2100

# "2023-24", "2023_24", "2023/24" or "202324": a span written with its start year
_SPAN = re.compile(r"(?<!\d)(\d{4})[-_/]?(\d{2})(?!\d)")
_SINGLE = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@dataclass(frozen=True)
class CollectionYear:
    end_year: int

    @property
    def start(self) -> pd.Timestamp:
        return pd.Timestamp(date(self.end_year - 1, 4, 1))

    @property
    def end(self) -> pd.Timestamp:
        return pd.Timestamp(date(self.end_year, 3, 31))

    @property
    def label(self) -> str:
        return f"{self.end_year - 1}/{str(self.end_year)[2:]}"


def year_from_name(name: str) -> int | None:
    """The collection year (end year) a folder or file name gives, or None."""
    spans = [(int(m.group(1)), int(m.group(2))) for m in _SPAN.finditer(name)]
    for start, end_2 in spans:
        if (start + 1) % 100 == end_2 and _EARLIEST <= start + 1 <= _LATEST:
            return start + 1
    if spans:
        return None  # "2023-27" is not a collection year, and no guess is safer
    years = [int(m.group(1)) for m in _SINGLE.finditer(name)]
    years = [y for y in years if _EARLIEST <= y <= _LATEST]
    return years[0] if len(years) == 1 else None
