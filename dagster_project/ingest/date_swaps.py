"""Day-month swaps: dates that changed overnight into their own dd/mm swap.

Belongs here: the night-to-night comparison that shows an export which
switched between dd/mm and mm/dd for some rows. A swapped date with a day
above 12 does not parse and the gate catches it; one with day and month both
12 or under parses either way, so only the change from the previous accepted
extract shows it (05/03 one night, 03/05 the next). 30 swapped dates moved
ceased and 3+ placements (issue 15).

Every date column of every table, from the contract: a row of the previous
extract is matched to tonight's by the table's key. A date outside the key
is swapped when its row's key is unchanged and the date became its swap; a
date in the key (an episode's start) when the row's key is gone and the key
with that date swapped is there instead. A table without a key is not
judged. Counts per column only: nothing names a row or a value.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from contract import Table

# Why warn from 1 and reject above 5 (per table, the same as the episodes'
# dbt test had): a social worker correcting one mistyped date can produce a
# true swap, a handful a night at most; more than 5 in one night is an
# export fault, not corrections, and the night is not published.
MAX_SWAPS_ACCEPTED = 5

INCOMING = "_date_swaps_incoming"


@dataclass(frozen=True)
class Swaps:
    by_column: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_column.values())

    def describe(self) -> str:
        return ", ".join(f"{column} {count:,}" for column, count in self.by_column.items())


def _swap(expr: str) -> str:
    """`expr` with day and month exchanged, null where that is no other date."""
    return (
        f"case when day({expr}) <= 12 and day({expr}) != month({expr}) "
        f"then make_date(year({expr}), day({expr}), month({expr})) end"
    )


def _same(columns: list[str], left: str = "p", right: str = "n") -> str:
    pairs = [f'cast({left}."{c}" as varchar) = cast({right}."{c}" as varchar)' for c in columns]
    return " and ".join(pairs) or "true"


def _count(con, table: Table, column: str, before: str) -> int:
    key = list(table.key)
    day_month = _swap(f'p."{column}"')
    swapped = f'n."{column}" = {day_month}'
    if column not in key:
        sql = (
            f"select count(*) from {before} as p inner join {INCOMING} as n on {_same(key)} "
            f"where {swapped}"
        )
    else:
        others = [c for c in key if c != column]
        sql = (
            f"select count(*) from {before} as p inner join {INCOMING} as n "
            f"on {_same(others)} and {swapped} "
            f"where not exists "
            f"(select 1 from {INCOMING} as still where {_same(key, 'p', 'still')})"
        )
    return con.execute(sql).fetchall()[0][0]


def day_month_swaps(
    con: duckdb.DuckDBPyConnection, table: Table, typed: pd.DataFrame, before: str
) -> Swaps:
    """Per date column, the rows whose date became its own day-month swap since the
    previous accepted extract, whose rows are in the table or view `before`.

    `typed`: tonight's rows with ids normalised and dates parsed (volume._normalised).
    """
    dates = [c.name for c in table.columns if c.type == "date"]
    if not dates or not table.key:
        return Swaps({})
    con.register(INCOMING, typed)
    try:
        counts = {column: _count(con, table, column, before) for column in dates}
    finally:
        con.unregister(INCOMING)
    return Swaps({column: n for column, n in counts.items() if n})
