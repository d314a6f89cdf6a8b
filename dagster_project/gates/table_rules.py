"""The suite's rules about the whole table, in DuckDB SQL: a key is not repeated.

Belongs here: the rules whose outcome for a row depends on the other rows,
so that a row's stored outcome cannot be reused (`incremental` runs these
on every row, every night). They give the rows GX's own expectation would
name, exactly:

- `expect_column_values_to_be_unique`: GX leaves out blank values, then
  flags every row whose value another row shares (pandas
  `duplicated(keep=False)`);
- `expect_compound_columns_to_be_unique`: GX leaves out rows whose key
  columns are all blank (its default `ignore_row_if`), then flags every row
  whose key another row shares, a blank equal to a blank.

SQL's `partition by` groups blanks together as pandas does, so the count of
rows per key is the same. The other whole-table rule, `columns_present`,
needs no data: `incremental` checks the columns itself.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dagster_project.gates.build_suites import ROW_NUMBER

UNIQUE = "expect_column_values_to_be_unique"
COMPOUND_UNIQUE = "expect_compound_columns_to_be_unique"
KEY_RULES = frozenset({UNIQUE, COMPOUND_UNIQUE})


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def repeated_key_rows(
    expectation: dict, frame: pd.DataFrame, con: duckdb.DuckDBPyConnection | None = None
) -> tuple[int, ...]:
    """Row numbers (sorted) of the rows `expectation`, a key rule, names in `frame`.

    `con`: a connection to run on (the raw history's, as the ingest has it
    open: a new in-memory one costs about as much as the query).
    """
    kwargs = expectation["kwargs"]
    if expectation["type"] == UNIQUE:
        key = [kwargs["column"]]
    else:
        key = list(kwargs["column_list"])
        if kwargs.get("ignore_row_if", "all_values_are_missing") != "all_values_are_missing":
            raise ValueError(f"{expectation['type']}: only GX's default ignore_row_if is handled")
    columns = frame[key]
    # Blank cells as SQL nulls, whatever pandas holds them as.
    rows = columns.astype(object).where(columns.notna(), None)
    rows[ROW_NUMBER] = frame[ROW_NUMBER].to_numpy()
    # `any ... is not null`: a single column's blanks, or a compound key's
    # all-blank rows, are left out, as GX leaves them out.
    counted = " or ".join(f"{_q(c)} is not null" for c in key)
    partition = ", ".join(_q(c) for c in key)
    sql = (
        f"select {ROW_NUMBER} from (select {ROW_NUMBER}, count(*) over "
        f"(partition by {partition}) as n from _gate_key_rows where {counted}) "
        "where n > 1 order by 1"
    )
    if con is None:
        with duckdb.connect() as own:
            return _run(own, rows, sql)
    return _run(con, rows, sql)


def _run(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, sql: str) -> tuple[int, ...]:
    con.register("_gate_key_rows", rows)
    try:
        return tuple(int(r[0]) for r in con.execute(sql).fetchall())
    finally:
        con.unregister("_gate_key_rows")
