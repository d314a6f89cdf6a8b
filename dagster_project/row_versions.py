"""The raw history's storage: row versions, not one snapshot per night.

Belongs here: how a contract table's nightly full extract is stored and read
back. Each table `<source>__<table>` is stored in schema `row_versions` as
one row per row version:

- the contract columns, typed;
- `_row_hash` (UBIGINT): the first 64 bits of the md5 of the row's non-null
  contract values, by name (a column the contract gains later, null in old
  rows, leaves their hash unchanged, so adding a column does not rewrite the
  history). Why 64 bits, not all 128: a changed row would be missed only if
  its new hash equalled a held version's with the same copy number, odds of
  about (rows changed x versions held) / 2^64 a night, below 1e-11 for the
  default LA; the md5 as text cost 33 bytes a row, a third of the first
  night's file;
- `_copy` (BIGINT): which copy of identical rows this is (1, 2, ...): an
  extract may hold the same row twice, and "as known on night N" must give
  it twice;
- `_valid_from` (DATE): the first extract night the version was seen;
- `_valid_to` (DATE): the night it stopped being current (absent from that
  night's extract); null while current;
- `_row_number` (BIGINT): its data row in the file of its first night.

`row_versions._nights` lists every stored extract night of every table, with
its file name and row count. A version is in night N's extract when
`_valid_from <= N < coalesce(_valid_to, infinity)` and N is one of the
table's nights. A night that changes 1% of the rows adds about 1% of a
snapshot: the changed rows' new versions, and a date on the old ones.

Readers see no change: `main.<source>__<table>` is a view giving every
stored night's full extract, with today's columns: the contract columns,
`_extract_date`, `_source_file` (that night's file) and `_row_number`. Row
numbers shift from night to night as rows are added or removed above them,
and keeping each night's would keep a snapshot of numbers, so `_row_number`
is the row in the file on the night the version first appeared and is null
on later nights (the file and row to look at are then the version's first
night's: `_valid_from` in the versions table). `_quarantine` keeps its own
file and row per finding, so no error message depends on it.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from contract import Table

SCHEMA = "row_versions"
NIGHTS = f"{SCHEMA}._nights"

# Columns of a versions table besides the contract's.
VERSION_COLUMNS = {
    "_row_hash": "UBIGINT",
    "_copy": "BIGINT",
    "_valid_from": "DATE",
    "_valid_to": "DATE",
    "_row_number": "BIGINT",
}

# "Still current": a date after any extract night, so one range condition
# (from <= night < to) serves current and ended versions alike.
OPEN_END = "date '9999-12-31'"

NIGHTS_DDL = f"""
create table if not exists {NIGHTS} (
    table_name varchar not null,      -- <source>__<table>
    extract_date date not null,
    source_file varchar not null,
    row_count bigint not null,
    primary key (table_name, extract_date)
)
"""


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def versions_table(table: Table | str) -> str:
    name = table if isinstance(table, str) else table.qualified_name
    return f"{SCHEMA}.{q(name)}"


def versions_ddl(table: Table, duckdb_types: dict[str, str]) -> str:
    columns = [f"{q(c.name)} {duckdb_types[c.type]}" for c in table.columns]
    columns += [f"{name} {sql_type}" for name, sql_type in VERSION_COLUMNS.items()]
    return f"create table if not exists {versions_table(table)} ({', '.join(columns)})"


def view_ddl(table: Table, column_names: list[str]) -> str:
    """The view that gives every stored night's full extract, as the snapshots did.

    `column_names`: the versions table's contract columns (a column the
    contract dropped stays in the history and in the view).
    """
    name = table.qualified_name
    literal = "'" + name.replace("'", "''") + "'"
    cols = ", ".join(f"versions.{q(c)}" for c in column_names)
    return (
        f"create or replace view main.{q(name)} as "
        f"select {cols}, nights.extract_date as _extract_date, "
        "nights.source_file as _source_file, "
        "case when versions._valid_from = nights.extract_date "
        "then versions._row_number end as _row_number "
        f"from {versions_table(table)} as versions "
        f"inner join {NIGHTS} as nights "
        f"on nights.table_name = {literal} "
        "and versions._valid_from <= nights.extract_date "
        f"and coalesce(versions._valid_to, {OPEN_END}) > nights.extract_date"
    )


def row_hash_sql(column_names: list[str], alias: str = "") -> str:
    """md5 (first 64 bits) of the row's non-null values, each named: `"name":json,` per value.

    JSON values are self-delimiting and each is prefixed by its column's
    name, so two different rows cannot give the same text; a null adds
    nothing, so a column added later (null in old rows) keeps old hashes.
    """
    prefix = f"{alias}." if alias else ""
    parts = [
        f"coalesce({_sql_text(c + ':')} || to_json({prefix}{q(c)}) || ',', '')"
        for c in column_names
    ]
    return f"md5_number_upper(concat({', '.join(parts)}))"


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _in_night(alias: str) -> str:
    """The version `alias` is in the extract of the night bound as $night."""
    return f"{alias}._valid_from <= $night and coalesce({alias}._valid_to, {OPEN_END}) > $night"


def nights_of(con: duckdb.DuckDBPyConnection, table: Table | str) -> list[dt.date]:
    """The table's stored extract nights, oldest first."""
    name = table if isinstance(table, str) else table.qualified_name
    rows = con.execute(
        f"select extract_date from {NIGHTS} where table_name = ? order by 1", [name]
    ).fetchall()
    return [r[0] for r in rows]


def _next_night(con, name: str, night: dt.date) -> dt.date | None:
    return con.execute(
        f"select min(extract_date) from {NIGHTS} where table_name = ? and extract_date > ?",
        [name, night],
    ).fetchone()[0]


def remove_night(con: duckdb.DuckDBPyConnection, table: Table, night: dt.date) -> None:
    """Take night `night` out of the table's history, leaving every other night as it was.

    A version first seen that night starts at the next night if it was still
    there, and goes otherwise; a version that ended that night is current
    again up to the next night (it was in the night before). Run inside the
    caller's transaction.
    """
    name, versions = table.qualified_name, versions_table(table)
    following = _next_night(con, name, night)
    if following is None:
        con.execute(f"delete from {versions} where _valid_from = ?", [night])
        con.execute(f"update {versions} set _valid_to = null where _valid_to = ?", [night])
    else:
        con.execute(
            f"delete from {versions} where _valid_from = ? "
            f"and coalesce(_valid_to, {OPEN_END}) <= ?",
            [night, following],
        )
        con.execute(
            f"update {versions} set _valid_from = ?, _row_number = null where _valid_from = ?",
            [following, night],
        )
        con.execute(f"update {versions} set _valid_to = ? where _valid_to = ?", [following, night])
    con.execute(f"delete from {NIGHTS} where table_name = ? and extract_date = ?", [name, night])


def _create_night(con: duckdb.DuckDBPyConnection, types: dict[str, str], source: str) -> int:
    """`_night`: `source`'s rows in the columns of `types` (name -> stored type; null
    where `source` lacks the column). Returns how many rows `source` holds."""
    present = {r[0] for r in con.execute(f"describe select * from {source}").fetchall()}
    select = ", ".join(
        f"{q(c) if c in present else 'null'}::{sql_type} as {q(c)}" for c, sql_type in types.items()
    )
    con.execute(f"create or replace temp table _night as select {select} from {source}")
    # fetchall, not fetchone: DuckDB 2.0 refuses `unregister` beside an unfinished result
    ((count,),) = con.execute(f"select count(*) from {source}").fetchall()
    return count


class NightNotStored(RuntimeError):
    """The row versions current on a night are not the night's rows: nothing is kept."""


def _check_night_stored(
    con: duckdb.DuckDBPyConnection, table: Table, night: dt.date, row_count: int
) -> None:
    """Every row handed in must be current on the night, counted by a scan of
    the versions (DuckDB's count(*) of a table can come from its metadata):
    the caller's transaction is rolled back rather than a night kept short."""
    current = con.execute(
        f"select count(_valid_from) from {versions_table(table)} as held where {_in_night('held')}",
        {"night": night},
    ).fetchone()[0]
    if current != row_count:
        raise NightNotStored(
            f"{table.qualified_name}: {row_count:,} rows for {night} but {current:,} stored "
            "as current on that night; the drop's writes are undone"
        )


def write_night(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    night: dt.date,
    rows: pd.DataFrame | str,
    source_file: str,
) -> None:
    """Store `rows` (the table's full extract of `night`) as row versions.

    `rows`: contract columns (any missing are null) and `_row_number`, as a
    frame or as the name of a DuckDB table holding them (ingest's staging). A
    night already stored is replaced; a night older than the newest stored
    (a re-delivery) is put in its place, the nights after it unchanged. Run
    inside the caller's transaction: this changes several tables.
    """
    name, versions = table.qualified_name, versions_table(table)
    if night in nights_of(con, table):
        remove_night(con, table, night)
    types = {
        column: sql_type
        for column, sql_type in con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [SCHEMA, name],
        ).fetchall()
        if column not in VERSION_COLUMNS or column == "_row_number"
    }
    stored = [c for c in types if c != "_row_number"]
    # One statement creates and fills `_night`. It was created empty (`create
    # table ... as select ... limit 0`) and then filled by an INSERT, and
    # DuckDB 2.0.0 loses the rows of a table made that way in a transaction
    # when the INSERT holds a whole row group (122,880 rows) or more: a
    # `select count(*)` still says 146,847, a scan finds none, and the night
    # stored nothing (ten times the default population: every table of
    # 120,000 rows or more; tests/ingest/test_row_versions.py). A table
    # created by DDL (`create table t (...)`) is not affected.
    if isinstance(rows, str):
        row_count = _create_night(con, types, rows)
    else:
        con.register("_night_rows", rows)
        try:
            row_count = _create_night(con, types, "_night_rows")
        finally:
            con.unregister("_night_rows")
    con.execute(
        "create or replace temp table _night_versions as "
        "select *, row_number() over (partition by _row_hash order by _row_number) as _copy "
        f"from (select *, {row_hash_sql(stored)} as _row_hash from _night)"
    )
    following = _next_night(con, name, night)
    params = {"night": night, "following": following}
    # held versions the night's extract lacks: they end on this night
    con.execute(
        "create or replace temp table _ending as select held.rowid as row_id "
        f"from {versions} as held where {_in_night('held')} and not exists (select 1 from "
        "_night_versions as incoming where incoming._row_hash = held._row_hash "
        "and incoming._copy = held._copy)",
        {"night": night},
    )
    if following is not None:
        # an older night put between two stored ones: a version it lacks but
        # the next night holds is still held from that night on
        con.execute(
            f"insert into {versions} by name select * exclude (rowid) replace "
            "($following as _valid_from, null::bigint as _row_number) from (select *, rowid "
            f"from {versions}) as held where held.rowid in (select row_id from _ending) "
            f"and coalesce(held._valid_to, {OPEN_END}) > $following",
            {"following": following},
        )
    con.execute(
        f"update {versions} set _valid_to = $night where rowid in (select row_id from _ending)",
        {"night": night},
    )
    # the night's rows no held version gives: new versions from this night
    con.execute(
        f"insert into {versions} by name "
        "select * exclude (_copy, _row_hash), _row_hash, _copy, "
        "$night as _valid_from, $following::date as _valid_to "
        "from _night_versions as incoming where not exists (select 1 from "
        f"{versions} as held where held._row_hash = incoming._row_hash "
        f"and held._copy = incoming._copy and {_in_night('held')})",
        params,
    )
    _check_night_stored(con, table, night, row_count)
    con.execute(f"insert into {NIGHTS} values (?, ?, ?, ?)", [name, night, source_file, row_count])
    con.execute("drop table _ending")
    con.execute("drop table _night_versions")
    con.execute("drop table _night")
