"""Which rows GX must validate tonight, and the night's failures from fresh and stored outcomes.

Belongs here: the rule that makes validating only new rows give exactly
what validating every row gives. A night's extract is mostly the rows of
the night before (a few dozen of 156,000 change), and most of a suite's
rules judge a row by its own values alone, so a row's outcome on those
rules is the outcome its identical text had when it was first seen:

- `FIXED` rules (mandatory, code lists, formats, an end not before its
  start, ...) depend only on the row: a stored outcome is reused as it is,
  failures included, so a defect flagged the night it arrived still counts
  on every later night until the row changes;
- `RISING` rules compare a date with the extract date ("not after the
  extract"): a row fails while its date is after the night's limit, and the
  limit only rises with the extract date. A row that passed on an earlier
  night passes tonight; a row that failed is validated again (it may pass
  now); a night older than the stored outcomes validates every row;
- `TABLE` rules depend on the other rows (a repeated key) or on none
  (columns present): they are computed on every row each night
  (`table_rules`), never stored.

Rows never seen under this suite (the first night, a changed contract: see
`outcomes.fingerprint`) are validated on every row rule. Anything else (an
expectation type not listed here, a `mostly`, a row condition) is not
classified and the runner validates the whole table as before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dagster_project.gates.build_suites import (
    EARLIEST_PARAM,
    LATEST_DATE_PARAM,
    LATEST_DATETIME_PARAM,
    ROW_NUMBER,
)
from dagster_project.gates.outcomes import Stored
from dagster_project.gates.table_rules import KEY_RULES

FIXED, RISING, TABLE = "fixed", "rising", "table"

# GX map expectations whose verdict on a row reads that row's values only.
ROW_WISE = frozenset(
    {
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_in_set",
        "expect_column_values_to_match_regex",
        "expect_column_values_to_not_match_regex",
        "expect_column_values_to_be_between",
        "expect_column_pair_values_a_to_be_greater_than_b",
    }
)
COLUMNS_PRESENT = "expect_table_columns_to_match_set"
WHOLE_TABLE = KEY_RULES | {COLUMNS_PRESENT}

# Suite parameters the runner sets to the same value every night.
CONSTANT_PARAMS = frozenset({EARLIEST_PARAM})
# Suite parameters that rise with the extract date (used only as a maximum).
RISING_PARAMS = frozenset({LATEST_DATE_PARAM, LATEST_DATETIME_PARAM})

EMPTY: frozenset[int] = frozenset()


def kind_of(expectation: dict) -> str | None:
    """FIXED, RISING or TABLE; None when the expectation is none of these for sure."""
    kind, kwargs = expectation["type"], expectation["kwargs"]
    if kind in WHOLE_TABLE:
        return TABLE
    if kind not in ROW_WISE or {"mostly", "row_condition"} & kwargs.keys():
        return None
    params = {
        k: v["$PARAMETER"] for k, v in kwargs.items() if isinstance(v, dict) and "$PARAMETER" in v
    }
    if set(params.values()) <= CONSTANT_PARAMS:
        return FIXED
    if (
        kind == "expect_column_values_to_be_between"
        and params.keys() == {"max_value"}
        and params["max_value"] in RISING_PARAMS
    ):
        return RISING
    return None


def gx_order(expectations: list[dict]) -> list[int]:
    """The order GX returns results in: grouped by `column`, suite order within each group.

    GX's `Validator.process_expectations_for_validation` groups a suite's
    expectations by their `column` argument, groups in order of first
    appearance, those without one (table, pair and compound rules) as one
    group. The verdict lists rules failing equally many rows in this order,
    so the incremental results keep it.
    """
    groups: dict[str | None, list[int]] = {}
    for i, e in enumerate(expectations):
        column = e["kwargs"].get("column")
        groups.setdefault(column if isinstance(column, str) else None, []).append(i)
    return [i for group in groups.values() for i in group]


@dataclass
class Plan:
    """Tonight's rows against the stored outcomes: which GX must see, on which rules."""

    kinds: list[str]  # per suite position
    hashes: np.ndarray  # per row of the frame (uint64)
    row_numbers: np.ndarray  # per row of the frame
    stored: Stored
    known: np.ndarray  # bool per row: its outcome is stored and usable tonight
    recheck: np.ndarray  # bool per row: known, but a RISING rule it failed may pass now

    def positions(self, kind: str) -> list[int]:
        return [p for p, k in enumerate(self.kinds) if k == kind]

    @property
    def new_rows(self) -> bool:
        return bool((~self.known).any())

    def to_validate(self) -> tuple[list[int], np.ndarray]:
        """(suite positions, bool mask of rows) GX runs on tonight; no positions: no GX."""
        if self.new_rows:
            return sorted(
                self.positions(FIXED) + self.positions(RISING)
            ), ~self.known | self.recheck
        if self.recheck.any():
            return self.positions(RISING), self.recheck
        return [], np.zeros(len(self.known), dtype=bool)


def plan(
    kinds: list[str], hashes: pd.Series, frame: pd.DataFrame, extract_date: dt.date, stored: Stored
) -> Plan:
    values = hashes.to_numpy(dtype="uint64")
    n = len(values)
    usable = stored.checked_for is not None and extract_date >= stored.checked_for
    known = np.isin(values, stored.hashes) if usable else np.zeros(n, bool)
    rising = frozenset(p for p, k in enumerate(kinds) if k == RISING)
    recheck = np.zeros(n, dtype=bool)
    if usable and rising and extract_date > stored.checked_for:
        failing = stored.failed[stored.failed.map(lambda s: bool(s & rising))].index
        recheck = known & np.isin(values, failing.to_numpy())
    rows = frame[ROW_NUMBER].to_numpy()
    return Plan(kinds, values, rows, stored, known, recheck)


@dataclass
class Outcome:
    """Tonight's failures of every row rule: per row, and per distinct row text."""

    row_numbers: np.ndarray
    failed: np.ndarray  # per row: frozenset of suite positions failed
    hashes: np.ndarray

    def rows_failing(self) -> dict[int, tuple[int, ...]]:
        """Suite position -> the row numbers that fail it, sorted (only positions failed)."""
        out: dict[int, list[int]] = {}
        for i in np.flatnonzero([bool(f) for f in self.failed]):
            for position in self.failed[i]:
                out.setdefault(position, []).append(int(self.row_numbers[i]))
        return {p: tuple(sorted(rows)) for p, rows in out.items()}

    def by_hash(self) -> pd.Series:
        """Each distinct row hash's failures (identical rows fail alike): what is stored."""
        series = pd.Series(self.failed, index=pd.Index(self.hashes, dtype="uint64"), dtype=object)
        return series[~series.index.duplicated()]


def merge(the_plan: Plan, positions: list[int], validated: np.ndarray, fresh: dict) -> Outcome:
    """Stored outcomes of the rows GX did not see, fresh ones of those it did.

    `fresh`: suite position -> row numbers GX named for it (positions run
    and not named passed on every validated row).
    """
    n = len(the_plan.hashes)
    failed = np.empty(n, dtype=object)
    failed.fill(EMPTY)
    known = the_plan.known
    if known.any() and len(the_plan.stored.failed):
        # stored failures of known rows; a known row not listed failed nothing
        listed = the_plan.stored.failed.reindex(the_plan.hashes[known]).to_numpy()
        failed[known] = [f if isinstance(f, frozenset) else EMPTY for f in listed]
    run = frozenset(positions)
    # Rows GX saw keep their stored outcome only on the rules it did not run.
    for i in np.flatnonzero(validated):
        failed[i] = failed[i] - run if known[i] else EMPTY
    where = {int(r): i for i, r in enumerate(the_plan.row_numbers)}
    for position, rows in fresh.items():
        for r in rows:
            i = where[r]
            failed[i] = failed[i] | {position}
    return Outcome(the_plan.row_numbers, failed, the_plan.hashes)
