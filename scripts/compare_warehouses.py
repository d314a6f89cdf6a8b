"""Are two published warehouses identical, mart by mart and row by row?

Used to show that a change to the code leaves every figure as it was:
publish a warehouse before the change and one after, on the same landing
data, then

    python scripts/compare_warehouses.py BEFORE.duckdb AFTER.duckdb

For every table of the `marts` schema it prints the row counts and whether
the rows are identical: same columns, same types, and the same multiset of
rows (order ignored). Floating-point values are compared to 12 significant
digits, because DuckDB's parallel sums may add the same numbers in another
order from run to run. `publish_info` describes the run itself (its id and
time), so it is listed but not held against the comparison. The exit code
is 1 if any other table differs or exists in only one warehouse.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

# Why 12 digits: a double holds 15-16; parallel summation order moves the
# last two or three, never a published figure (reported to 1 decimal).
SIGNIFICANT_DIGITS = 12

# Marts about the run, not the figures: they differ between any two runs.
ABOUT_THE_RUN = {"publish_info"}


def _tables(con: duckdb.DuckDBPyConnection, alias: str) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute(
        """
        select table_name, column_name, data_type
        from information_schema.columns
        where table_catalog = ? and table_schema = 'marts'
        order by table_name, ordinal_position
        """,
        [alias],
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, []).append((column, data_type))
    return tables


def _comparable(column: str, data_type: str) -> str:
    quoted = '"' + column.replace('"', '""') + '"'
    if data_type in ("DOUBLE", "FLOAT", "REAL") or data_type.startswith("DECIMAL"):
        value = f"cast({quoted} as double)"
        magnitude = f"cast(floor(log10(abs(nullif({value}, 0)))) as integer)"
        return f"round({value}, {SIGNIFICANT_DIGITS} - 1 - {magnitude})"
    return quoted


def _differing_rows(con, table: str, columns: list[tuple[str, str]]) -> tuple[int, int]:
    select = ", ".join(_comparable(column, data_type) for column, data_type in columns)
    only_before, only_after = (
        con.execute(
            f"select count(*) from (select {select} from {a}.marts.{table} "
            f"except all select {select} from {b}.marts.{table})"
        ).fetchone()[0]
        for a, b in (("before", "after"), ("after", "before"))
    )
    return only_before, only_after


def compare(before: Path, after: Path) -> bool:
    con = duckdb.connect()
    for alias, path in (("before", before), ("after", after)):
        con.execute(f"attach ? as {alias} (read_only)", [path.as_posix()])
    before_tables, after_tables = _tables(con, "before"), _tables(con, "after")
    identical = True
    print(f"{'table':42} {'rows before':>12} {'rows after':>11}  verdict")
    for table in sorted(before_tables.keys() | after_tables.keys()):
        if table not in before_tables or table not in after_tables:
            where = "after" if table in after_tables else "before"
            print(f"{table:42} {'':>12} {'':>11}  only in {where}")
            identical = False
            continue
        counts = [
            con.execute(f"select count(*) from {alias}.marts.{table}").fetchone()[0]
            for alias in ("before", "after")
        ]
        if before_tables[table] != after_tables[table]:
            verdict = "columns differ"
        else:
            only_before, only_after = _differing_rows(con, table, before_tables[table])
            verdict = (
                "identical"
                if only_before == only_after == 0
                else f"{only_before} rows only before, {only_after} only after"
            )
        if table in ABOUT_THE_RUN and verdict != "identical":
            verdict += " (the run's own id and time: not compared)"
        else:
            identical &= verdict == "identical"
        print(f"{table:42} {counts[0]:>12} {counts[1]:>11}  {verdict}")
    print("All marts identical." if identical else "The warehouses differ.")
    return identical


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    return 0 if compare(args.before, args.after) else 1


if __name__ == "__main__":
    sys.exit(main())
