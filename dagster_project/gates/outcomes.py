"""Each distinct row's gate outcome, kept between nights, so GX validates only new rows.

Belongs here: how a table's rows are identified for the gates (a hash of the
row's text, as the suite sees it) and the two small tables in the raw
history that remember, per table, which expectations each distinct row
failed. `incremental` decides which rows GX must see; this module only
stores and reads.

Why the text, not the raw history's `_row_hash`: the suite judges the text
the file held (before typing, before quarantine), and two texts that type to
the same value ("Y" and "1") are different rows to it; a dropped row has no
version at all. So the key is the row's text after `normalise_ids`, the
frame the suite reads.

Stored, in schema `gate_outcomes`:

- `suites`: per table, the fingerprint of what decides a row's outcome (the
  suite's JSON, the runner's parsing, GX's version) and `checked_for`, the
  extract date every stored outcome is exact for. Rules comparing a date
  with the extract date are exact only for that night; the runner brings
  them up to date each night (see `incremental`), so one date per table
  holds for all its rows.
- `rows`: per table and distinct row hash, the suite positions of the
  expectations the row failed, comma-separated ('' for a clean row). Rows
  no longer in the newest extract are removed, so the table holds about one
  extract's distinct rows: no history grows here.

Nothing here holds a value from the data: hashes and expectation numbers.
A different fingerprint means every stored outcome is unknown (a changed
contract revalidates every row).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from contract import Table, load_contract

SCHEMA = "gate_outcomes"
SUITES = f"{SCHEMA}.suites"
ROWS = f"{SCHEMA}.rows"

# Bump when the runner's way of turning text into what the suite reads
# changes (validation_frame, normalise_ids, the parameters it supplies):
# outcomes stored under the old way are then not trusted.
RUNNER_VERSION = 1

DDL = (
    f"create schema if not exists {SCHEMA}",
    f"""create table if not exists {SUITES} (
        table_name varchar primary key,   -- <source>__<table>
        fingerprint varchar not null,     -- what decides a row's outcome (see fingerprint())
        checked_for date not null         -- the extract date every stored outcome is exact for
    )""",
    f"""create table if not exists {ROWS} (
        table_name varchar not null,
        row_hash ubigint not null,        -- row_hashes(): the row's text as the suite reads it
        failed varchar not null           -- suite positions of the expectations it failed, or ''
    )""",
)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for statement in DDL:
        con.execute(statement)


def fingerprint(table: Table, suite: dict, runner_settings: dict) -> str:
    """What a row's outcome depends on besides the row: a different one revalidates every row."""
    source = load_contract().source(table.source)
    text = json.dumps(
        {
            "suite": suite,
            "columns": list(table.column_names),
            "formats": [source.date_format, source.datetime_format],
            "runner": RUNNER_VERSION,
            "settings": runner_settings,
            "gx": importlib.metadata.version("great_expectations"),
            "pandas": pd.__version__,
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def row_hashes(table: Table, frame: pd.DataFrame) -> pd.Series:
    """A 64-bit hash of each row's contract columns, by position: equal text, equal hash.

    pandas hashes a blank cell (None) apart from any text, "None" included.
    Why 64 bits: a new row would be taken for a stored one only if its hash
    equalled one of about 156,000 stored, odds near 1e-14 per new row for the
    default LA (the raw history's `_row_hash` makes the same trade).
    """
    return pd.util.hash_pandas_object(frame[list(table.column_names)], index=False)


@dataclass
class Stored:
    """A table's stored outcomes: the date they are exact for, every hash, and the failures."""

    checked_for: dt.date | None  # None: nothing stored under tonight's fingerprint
    hashes: np.ndarray  # every stored row hash (uint64)
    failed: pd.Series  # row hash (index) -> frozenset of suite positions, failing rows only

    @classmethod
    def nothing(cls) -> Stored:
        hashes = np.array([], dtype="uint64")
        return cls(None, hashes, pd.Series([], dtype=object, index=pd.Index(hashes)))


class OutcomeStore:
    """The stored outcomes of every table, in the raw history's `gate_outcomes` schema."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        ensure_schema(con)

    def load(self, table: Table, fingerprint: str) -> Stored:
        name = table.qualified_name
        found = self.con.execute(
            f"select fingerprint, checked_for from {SUITES} where table_name = ?", [name]
        ).fetchall()
        if not found or found[0][0] != fingerprint:
            return Stored.nothing()
        rows = self.con.execute(
            f"select row_hash, failed from {ROWS} where table_name = ?", [name]
        ).fetchnumpy()
        hashes = np.asarray(rows["row_hash"], dtype="uint64")
        failing = np.asarray(rows["failed"], dtype=object) != ""
        failed = pd.Series(
            [_positions(text) for text in np.asarray(rows["failed"], dtype=object)[failing]],
            index=pd.Index(hashes[failing], dtype="uint64"),
            dtype=object,
        )
        return Stored(found[0][1], hashes, failed)

    def save(
        self,
        table: Table,
        fingerprint: str,
        checked_for: dt.date,
        failed: pd.Series,
        stored: Stored,
    ) -> None:
        """Keep tonight's outcomes: `failed` maps each distinct row hash to its failures.

        `stored` is what `load` gave tonight: only the difference is written
        (rows gone from the extract deleted, new rows and rows whose
        failures changed inserted), a few rows on most nights.
        """
        name = table.qualified_name
        tonight = failed.index.to_numpy(dtype="uint64")
        failing = failed[failed.map(bool)]
        if stored.checked_for is None:  # nothing stored under this suite: all of it
            gone, write = None, tonight
        else:
            # only a row failing before or now can have changed its failures
            candidates = stored.failed.index.union(failing.index)
            candidates = candidates[candidates.isin(failed.index)]
            changed = [h for h in candidates if stored.failed.get(h, EMPTY) != failed[h]]
            gone = np.setdiff1d(stored.hashes, tonight, assume_unique=True)
            new = np.setdiff1d(tonight, stored.hashes, assume_unique=True)
            changed_known = np.setdiff1d(np.array(changed, dtype="uint64"), new)
            gone = np.concatenate([gone, changed_known])
            write = np.concatenate([new, changed_known])
        rows = pd.DataFrame(
            {
                "row_hash": write,
                "failed": [_text(failing.get(h)) for h in write] if len(failing) else "",
            }
        )
        con = self.con
        con.execute("begin transaction")
        try:
            if gone is None:
                con.execute(f"delete from {ROWS} where table_name = ?", [name])
            elif len(gone):
                con.register("_gone_outcomes", pd.DataFrame({"row_hash": gone}))
                con.execute(
                    f"delete from {ROWS} where table_name = ? "
                    "and row_hash in (select row_hash from _gone_outcomes)",
                    [name],
                )
                con.unregister("_gone_outcomes")
            if len(rows):
                con.register("_new_outcomes", rows)
                con.execute(
                    f"insert into {ROWS} select ?, row_hash, failed from _new_outcomes", [name]
                )
                con.unregister("_new_outcomes")
            con.execute(
                f"insert or replace into {SUITES} values (?, ?, ?)",
                [name, fingerprint, checked_for],
            )
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise


EMPTY: frozenset[int] = frozenset()


def _text(positions: frozenset[int] | None) -> str:
    return ",".join(map(str, sorted(positions))) if positions else ""


def _positions(text: str) -> frozenset[int]:
    return frozenset(int(p) for p in text.split(",")) if text else frozenset()
