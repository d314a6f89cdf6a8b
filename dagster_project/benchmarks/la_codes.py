"""LA code changes the benchmarks must know about.

The DfE keys LAs by the 3-digit `old_la_code`, which survives a change of GSS
code (`new_la_code`) but not a reorganisation. Known cases in the children's
services releases and the statistical-neighbour models:

- mergers (one successor): Dorset (835) -> Dorset (838); Poole (836) and
  Bournemouth (837) -> Bournemouth, Christchurch and Poole (839), from
  1 April 2019, so first year ending 31 March 2020. The 2021 neighbour model
  still lists 835/836/837; a neighbour with a merged code is benchmarked
  through its successor.
- splits (two successors): Northamptonshire (928) -> North (940) and West
  (941) Northamptonshire from April 2021 (first year ending March 2022);
  Cumbria (909) -> Cumberland (942) and Westmorland and Furness (943) from
  April 2023 (first year ending March 2024). A split neighbour cannot be
  replaced by one successor: its own value is used while it was published,
  and afterwards it counts as a neighbour without a value (excluded from the
  average and recorded in sn_count_used).
- GSS renames only (old_la_code unchanged): North Yorkshire (815) and Somerset
  (933) became unitary in April 2023 (E10000023 -> E06000065, E10000027 ->
  E06000066). Keying on old_la_code makes these a non-event.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

LA_CODE_CHANGE_COLUMNS = (
    "old_la_code",
    "old_la_name",
    "successor_old_la_code",
    "successor_la_name",
    "first_year_ending",
    "change_kind",
)

LA_CODE_CHANGES: tuple[tuple[str, str, str, str, dt.date, str], ...] = (
    ("835", "Dorset (pre-2019)", "838", "Dorset", dt.date(2020, 3, 31), "merger"),
    ("836", "Poole", "839", "Bournemouth, Christchurch and Poole", dt.date(2020, 3, 31), "merger"),
    (
        "837",
        "Bournemouth",
        "839",
        "Bournemouth, Christchurch and Poole",
        dt.date(2020, 3, 31),
        "merger",
    ),
    ("928", "Northamptonshire", "940", "North Northamptonshire", dt.date(2022, 3, 31), "split"),
    ("928", "Northamptonshire", "941", "West Northamptonshire", dt.date(2022, 3, 31), "split"),
    ("909", "Cumbria", "942", "Cumberland", dt.date(2024, 3, 31), "split"),
    ("909", "Cumbria", "943", "Westmorland and Furness", dt.date(2024, 3, 31), "split"),
    ("815", "North Yorkshire", "815", "North Yorkshire", dt.date(2024, 3, 31), "gss_rename"),
    ("933", "Somerset", "933", "Somerset", dt.date(2024, 3, 31), "gss_rename"),
)


def la_code_changes_frame() -> pd.DataFrame:
    return pd.DataFrame.from_records(LA_CODE_CHANGES, columns=list(LA_CODE_CHANGE_COLUMNS))
