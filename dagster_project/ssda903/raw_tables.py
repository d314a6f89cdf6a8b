"""The 903's raw-history tables, declared from `layout.py` (their one source of truth).

Belongs here: the `ssda903__<table>` raw tables as contract `Table`s, so the
project's one raw-history writer (`ingest.writing.write_accepted`) and its
storage (row versions, `raw_history.stored_tables`) serve the 903 as they serve every contract
source, and the findings table the dbt side counts from.

Why not a source in contract/contract.yaml: every contract source is also
simulated, gated by a generated GX suite, checked for lateness and given a
generic ingest asset, none of which fits a return read whole by its own
reader; and the contract's code lists are one list per field, where the 903's
codes change with the collection year. So code columns stay plain strings
here, and the per-year DfE rules (`ssda903/rules/`) check the codes.

Columns: the DfE names exactly as the reader's normalised tables carry them
(upper case), dates DATE, everything else VARCHAR, plus `COLLECTION_YEAR`
BIGINT (the year the row's return is for, named by its end year), plus the
raw history's lineage columns. A record is keyed by the layout's natural key
and its collection year: a cumulative return repeats a record every year.
"""

from __future__ import annotations

from functools import cache

import duckdb

from contract import Column, Table
from dagster_project.ssda903.layout import TABLES, TableLayout

SOURCE = "ssda903"
COLLECTION_YEAR_COLUMN = "COLLECTION_YEAR"
FINDINGS_TABLE = "ssda903_validation_findings"

# One row per accepted extract, collection year, rule and month: counts only,
# never a child's id or a row number (the child-level findings go to the
# restricted folder), so a mart may publish them as they are.
FINDINGS_DDL = f"""
create table if not exists {FINDINGS_TABLE} (
    extract_date date not null,
    collection_year bigint not null,
    rule varchar not null,            -- DfE rule number (or project check P01, P02)
    severity varchar not null,        -- quarantine | warning
    table_name varchar not null,      -- the 903 table the rule reads
    finding_month date,               -- first day of the month of the row's date; null if none
    failing_rows bigint not null,
    children bigint not null          -- distinct children among those rows
)
"""


def _table(layout: TableLayout) -> Table:
    columns = tuple(
        Column(
            name=name,
            type="date" if name in layout.date_columns else "string",
            mandatory=False,
            description=f"SSDA903 {layout.name}.{name}",
            identifies=name in layout.natural_key,
        )
        for name in layout.columns
    )
    year = Column(
        name=COLLECTION_YEAR_COLUMN,
        type="integer",
        mandatory=True,
        description="Collection year of the row's return, by its end year (2024 = 2023/24)",
        identifies=True,
    )
    return Table(
        source=SOURCE,
        name=layout.name,
        file=f"{layout.name}.csv",
        description=f"SSDA903 {layout.name} table, from the CSV tables or the XML return.",
        key=(*layout.natural_key, COLLECTION_YEAR_COLUMN),
        columns=(*columns, year),
    )


@cache
def raw_tables() -> tuple[Table, ...]:
    """Every 903 table as a raw-history table, in layout order (header first)."""
    return tuple(_table(layout) for layout in TABLES.values())


def raw_table(name: str) -> Table:
    return next(t for t in raw_tables() if t.name == name)


def ensure_findings_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create the findings table if missing (the `ssda903__` tables themselves are
    row versions like every raw table: `raw_history.stored_tables`)."""
    con.execute(FINDINGS_DDL)
