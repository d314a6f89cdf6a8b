"""One raw history holds one council: refuse anything that says otherwise.

Belongs here: the checks that stop a second council's data from being
published under the first council's code, or a multi-council landing zone
from being read as one council's (which published an empty warehouse):

- `check_single_council_layout`: ingest reads one council's landing folder;
  handed a folder laid out per council (`<la_code>/<source>/<date>/`, as
  `python -m simulator --las N` writes it), it refuses. The pipeline finds
  the councils of a multi-council landing zone itself (dagster_project/
  councils.py) and ingests each from its own folder, per council partition.
- `check_raw_history_council`: the raw history records the council it holds
  (table `_council`, written on the first run); a run configured for another
  `LAC_LA_CODE` is refused, because the extract log is keyed by source and
  date only, so another council's drop of an already logged date would be
  taken as "no new drop" and the first council's figures published under the
  second council's code.
- `foreign_la_code`: a table that carries `la_code` (the population table)
  must hold the configured council's rows; a drop without any is another
  council's, and is rejected.

Folder names and values come from outside: only names that are exactly an LA
code (three digits) are ever repeated in a message.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from contract import Table, load_contract
from dagster_project.ingest.errors import StructuralError

LA_CODE_SHAPE = re.compile(r"^\d{3}$")
LA_CODE_COLUMN = "la_code"


class CouncilMismatch(Exception):
    """The landing zone or raw history is not one council's, the configured one."""


def _source_names() -> set[str]:
    # The SSDA903 return's folder (`ssda903`) is a source folder too.
    return {s.name for s in load_contract().sources} | {"ssda903"}


def council_folders(landing_dir: Path) -> list[Path]:
    """3-digit folders of the landing zone that hold at least one source folder."""
    if not landing_dir.is_dir():
        return []
    sources = _source_names()
    return sorted(
        child
        for child in landing_dir.iterdir()
        if LA_CODE_SHAPE.match(child.name)
        and child.is_dir()
        and any((child / s).is_dir() for s in sources)
    )


def check_single_council_layout(landing_dir: Path, la_code: str) -> None:
    """Refuse to read a landing folder laid out as `<la_code>/<source>/<date>/` as one council's."""
    councils = council_folders(landing_dir)
    if not councils:
        return
    codes = ", ".join(c.name for c in councils[:5]) + (" ..." if len(councils) > 5 else "")
    raise CouncilMismatch(
        f"The landing folder {landing_dir} holds {len(councils)} council folder(s) ({codes}), "
        "each with source folders inside: the multi-council layout <la_code>/<source>/<date>/. "
        f"This step was asked to read it as one council's ({la_code}), so nothing was read. "
        "Each council is ingested from its own folder in its own partition of the councils "
        "partitions: run `python -m dagster_project run` (make run), or the council_ingest "
        "job with a council's partition key."
    )


def _ensure_council_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "create table if not exists _council ("
        "la_code varchar not null, recorded_at timestamp not null default current_timestamp)"
    )


def _population_codes(con: duckdb.DuckDBPyConnection) -> set[str]:
    """LA codes in the raw history's tables that carry one (an older raw history)."""
    codes: set[str] = set()
    for source in load_contract().sources:
        for table in source.tables:
            if LA_CODE_COLUMN not in table.column_names:
                continue
            name = table.qualified_name
            exists = con.execute(
                "select count(*) from information_schema.tables where table_name = ?", [name]
            ).fetchone()[0]
            if exists:
                rows = con.execute(f'select distinct {LA_CODE_COLUMN} from "{name}"').fetchall()
                codes |= {str(r[0]) for r in rows if r[0] is not None}
    return codes


def recorded_council(con: duckdb.DuckDBPyConnection) -> str | None:
    _ensure_council_table(con)
    row = con.execute("select la_code from _council order by recorded_at limit 1").fetchone()
    return row[0] if row else None


def check_raw_history_council(con: duckdb.DuckDBPyConnection, la_code: str, raw_path) -> None:
    """Refuse a raw history that holds another council's drops; record the council once.

    A raw history from before this record was kept is another council's when
    it has population rows and none of them is the configured council's;
    otherwise it is taken to be the configured council's (nothing says not).
    """
    held = recorded_council(con)
    if held is None:
        found = _population_codes(con)
        if found and la_code not in found:
            held = ", ".join(sorted(c for c in found if LA_CODE_SHAPE.match(c))) or "another"
        else:
            con.execute("insert into _council (la_code) values (?)", [la_code])
            return
    if held != la_code:
        raise CouncilMismatch(
            f"The raw history {raw_path} holds council {held}'s drops, and this run is "
            f"configured for council {la_code} (LAC_LA_CODE). A raw history holds one council: "
            "its drops of dates already logged would be taken as no new drop and "
            f"council {held}'s figures published as {la_code}'s. Nothing was read. Give each "
            "council its own data folder (LAC_DATA_DIR, or LAC_RAW_DB and "
            "LAC_WAREHOUSE_PATH), or set LAC_LA_CODE back to the council this one holds."
        )


def foreign_la_code(
    table: Table, frame: pd.DataFrame, la_code: str, location: str, row_label: str
) -> StructuralError | None:
    """The fault of a table with `la_code` that holds no row of the configured council.

    Rows of other councils beside the council's own are allowed (an ONS
    population file covers every LA; staging keeps the council's own rows).
    """
    if LA_CODE_COLUMN not in table.column_names or frame.empty:
        return None
    values = frame[LA_CODE_COLUMN].astype("string").str.strip()
    if (values == la_code).any():
        return None
    codes = sorted({v for v in values.dropna() if LA_CODE_SHAPE.match(v)})
    named = f" (it holds {', '.join(codes[:5])}{' ...' if len(codes) > 5 else ''})" if codes else ""
    return StructuralError(
        location,
        "foreign_la_code",
        f"no row carries the configured council's LA code (LAC_LA_CODE={la_code}){named}; "
        "a drop is one council's, so it is rejected. Check that the drop is this "
        "council's (in the multi-council layout, that it is in its council's folder), or set "
        "LAC_LA_CODE",
        column=LA_CODE_COLUMN,
        table=table.name,
    )
