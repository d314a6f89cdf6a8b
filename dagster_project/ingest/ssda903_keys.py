"""The 903 raw tables' key, checked before they are written: one row per record.

Belongs here: the project's key checks on a 903 return, the same three the
contract sources' gates make (`gates.runner`), as findings shaped like the
DfE rules' (`rules.runner.FINDING_COLUMNS`), so they are quarantined,
counted and listed the same way. The raw history keeps a record by the
layout's natural key and its collection year (`ssda903/raw_tables.py`); a
row without its key, or two rows claiming one record, cannot be kept as
that record:

- `key_missing`: a key field is blank (or was not a date and read as blank);
- `duplicate_row`: the export wrote the same row twice: the first copy is
  kept, the repeats dropped (dropping every copy would make an episode
  vanish);
- `key_unique`: rows share a key but differ: which is right cannot be known
  here, so all of them are dropped.

A header repeated for one child is also the project check P01; both name it.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.ssda903.layout import COLLECTION_YEAR, TABLES
from dagster_project.ssda903.rules.registry import QUARANTINE
from dagster_project.ssda903.rules.runner import FINDING_COLUMNS

MESSAGES = {
    "key_missing": "A field that identifies the record is blank or not a valid date.",
    "duplicate_row": "The same row appears more than once; the first copy is kept.",
    "key_unique": "Rows share the record's key but differ; none of them can be kept.",
}


def _findings(frame: pd.DataFrame, table: str, rule: str, rows: pd.Index) -> pd.DataFrame:
    failing = frame.loc[rows]
    return pd.DataFrame(
        {
            "rule": rule,
            "severity": QUARANTINE,
            "collection_year": failing[COLLECTION_YEAR].to_numpy(),
            "table": table,
            "row": failing.index.astype("int64"),
            "source_file": failing["source_file"].to_numpy(),
            "source_location": failing["source_location"].to_numpy(),
            "CHILD": failing["CHILD"].to_numpy(),
            "columns": ", ".join(TABLES[table].natural_key),
            "message": MESSAGES[rule],
        },
        columns=FINDING_COLUMNS,
    )


def key_findings(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows of every table whose key is missing or repeated within its collection year."""
    out = []
    for name, frame in tables.items():
        if frame.empty:
            continue
        key = [*TABLES[name].natural_key, COLLECTION_YEAR]
        missing = frame[key].isna().any(axis=1)
        out.append(_findings(frame, name, "key_missing", frame.index[missing]))
        keyed = frame[~missing]
        shared = keyed[keyed.duplicated(key, keep=False)]
        if shared.empty:
            continue
        fields = [*TABLES[name].columns, COLLECTION_YEAR]
        repeats = shared[shared.duplicated(fields, keep="first")]
        # a key held by rows that differ in any field (after exact repeats go)
        distinct = shared.drop(index=repeats.index)
        clashing = distinct[distinct.duplicated(key, keep=False)]
        clashing_keys = set(map(tuple, clashing[key].itertuples(index=False)))
        in_clash = shared[key].apply(tuple, axis=1).isin(clashing_keys)
        out.append(_findings(frame, name, "key_unique", shared.index[in_clash]))
        out.append(_findings(frame, name, "duplicate_row", repeats.index[~in_clash[repeats.index]]))
    out = [f for f in out if not f.empty]
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=FINDING_COLUMNS)
