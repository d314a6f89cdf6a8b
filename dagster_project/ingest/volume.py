"""Volume and change gates: a table against the source's previous accepted extract.

Belongs here: the measures that tell a damaged full snapshot from a normal
night, and the tolerances that decide. Each nightly extract is a full
snapshot, so from one night to the next a table grows a little, loses few
rows, keeps its children, and changes a small share of its rows. A file cut
short, emptied to its header, or taken from another system breaks one of:

- rows: the row count falls by more than `max_shrink_pct`;
- children: the distinct children fall by more than `max_shrink_pct`;
- dates: the latest date of the table's main date column moves back by more
  than `max_latest_days_back` days;
- changed: more than `max_changed_pct` of the previous extract's rows are not
  found unchanged in the new one;
- day-month swaps: more than `date_swaps.MAX_SWAPS_ACCEPTED` dates changed
  into their own dd/mm swap (date_swaps.py); fewer are a warning;
- header only: a table with rows last time has none now. Staging reads each
  table's newest extract, so an empty table accepted next to full ones
  would mix this night with an older one; it is never accepted.

Counts, percentages and dates only: nothing here names a row or a value.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import pandas as pd

from contract import Table, load_contract
from dagster_project.ingest.casting import FALSE_VALUES, TRUE_VALUES, normalise_ids
from dagster_project.ingest.date_swaps import MAX_SWAPS_ACCEPTED, day_month_swaps
from dagster_project.ingest.dates import parse_dates, parse_timestamps
from dagster_project.settings import (
    DEFAULT_MAX_CHANGED_PCT,
    DEFAULT_MAX_SHRINK_PCT,
    Settings,
)


@dataclass(frozen=True)
class VolumeTolerance:
    # Why these defaults: settings.py, their one home (LAC_MAX_SHRINK_PCT,
    # LAC_MAX_CHANGED_PCT).
    max_shrink_pct: float = DEFAULT_MAX_SHRINK_PCT
    max_changed_pct: float = DEFAULT_MAX_CHANGED_PCT
    # Below this many rows a percentage is noise (3 exclusions becoming 2 is
    # a 33% fall); only the header-only rule judges such tables.
    min_rows_judged: int = 20
    # A corrected future date can pull the latest date back a few days; a
    # month is recent records lost.
    max_latest_days_back: int = 31

    @classmethod
    def from_settings(cls, settings: Settings) -> VolumeTolerance:
        """The tolerances a council configured (LAC_MAX_SHRINK_PCT, LAC_MAX_CHANGED_PCT)."""
        return cls(max_shrink_pct=settings.max_shrink_pct, max_changed_pct=settings.max_changed_pct)


@dataclass
class VolumeFinding:
    rule: str  # volume_rows | volume_children | volume_dates | volume_changed | header_only
    why: str

    def as_failed_rule(self) -> dict:
        return {"rule": self.rule, "column": None, "rows": 0, "first_rows": [], "why": self.why}


def previous_accepted(con: duckdb.DuckDBPyConnection, source: str, before: dt.date):
    """The newest accepted extract date of `source` before `before`, or None."""
    return _scalar(
        con,
        "select max(extract_date) from _extract_log "
        "where source = ? and status = 'accepted' and extract_date < ?",
        source,
        before,
    )


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, *params):
    # fetchall, not fetchone: DuckDB keeps a half-read result open on the
    # connection, and the next register() on it then fails.
    return con.execute(sql, list(params)).fetchall()[0][0]


def main_date_column(table: Table) -> str | None:
    """The date that orders the table's records: the first date in its key, else any date."""
    dates = [c.name for c in table.columns if c.type == "date"]
    keyed = [c for c in table.key if c in dates]
    return (keyed or dates or [None])[0]


def _normalised(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """The text frame typed like the raw history, unparseable values as null."""
    source = load_contract().source(table.source)
    out = pd.DataFrame(index=frame.index)
    for col in table.columns:
        s = frame[col.name]
        if col.type == "date":
            out[col.name] = parse_dates(s, source.date_format, errors="coerce")
        elif col.type == "datetime":
            out[col.name] = parse_timestamps(s, source.datetime_format, errors="coerce")
        elif col.type == "integer":
            number = pd.to_numeric(s, errors="coerce")
            # Whole numbers a 64-bit integer holds exactly; anything else (a
            # 23-digit count) is not comparable and counts as changed.
            exact = number.notna() & (number.abs() < 2**53) & (number % 1 == 0)
            out[col.name] = number.where(exact).astype("Float64").astype("Int64")
        elif col.type == "boolean":
            out[col.name] = s.map(
                lambda v: True if v in TRUE_VALUES else False if v in FALSE_VALUES else None
            )
        else:
            out[col.name] = s
    return out


# The previous accepted extract of the table being judged, read once through
# the raw history's view: the view finds a night's rows among all the
# table's versions, and the children, the swaps (once per date column), the
# latest date and the changed rows each read it.
PREVIOUS = "_volume_previous_extract"


@contextlib.contextmanager
def _previous_extract(
    con: duckdb.DuckDBPyConnection, table: Table, previous: dt.date
) -> Iterator[str]:
    """A temporary table of `table`'s extract of `previous`, dropped after the block."""
    con.execute(
        f"create or replace temp table {PREVIOUS} as "
        f'select * from "{table.qualified_name}" where _extract_date = ?',
        [previous],
    )
    try:
        yield PREVIOUS
    finally:
        con.execute(f"drop table if exists {PREVIOUS}")


def _pct(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def judge_table(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    frame: pd.DataFrame,
    previous: dt.date,
    tolerance: VolumeTolerance,
) -> tuple[list[VolumeFinding], dict]:
    """Findings that reject the drop, and the measures for the run's metadata.

    Judged on the ids as they will be stored (`normalise_ids`, the one
    normalisation ingest applies): a stray space on every id is not every row
    changed, nor every child gone.
    """
    with _previous_extract(con, table, previous) as before:
        return _judge(con, table, normalise_ids(table, frame), before, previous, tolerance)


def _judge(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    frame: pd.DataFrame,
    before: str,
    previous: dt.date,
    tolerance: VolumeTolerance,
) -> tuple[list[VolumeFinding], dict]:
    """judge_table's findings and measures; `before` holds the previous extract's rows."""
    # Rows read last time against rows read now: both before quarantine.
    prev_rows = _scalar(
        con,
        "select coalesce(max(rows_read), 0) from _extract_log where source = ? "
        "and table_name = ? and extract_date = ? and status = 'accepted'",
        table.source,
        table.name,
        previous,
    )
    rows = len(frame)
    measures: dict = {
        "previous_extract": previous.isoformat(),
        "rows": rows,
        "rows_before": prev_rows,
    }
    findings: list[VolumeFinding] = []
    if rows == 0:
        if prev_rows:
            findings.append(
                VolumeFinding(
                    "header_only",
                    f"has no rows; the previous accepted extract ({previous}) had {prev_rows:,}",
                )
            )
        return findings, measures
    judged = prev_rows >= tolerance.min_rows_judged
    if judged and _pct(prev_rows - rows, prev_rows) > tolerance.max_shrink_pct:
        findings.append(
            VolumeFinding(
                "volume_rows",
                f"has {rows:,} rows, {_pct(prev_rows - rows, prev_rows)}% fewer than the "
                f"{prev_rows:,} of the previous accepted extract ({previous}); "
                f"more than {tolerance.max_shrink_pct:g}% is not a normal night",
            )
        )
    child = table.child_id_column
    if child:
        children_before = _scalar(con, f'select count(distinct "{child}") from {before}')
        now = int(frame[child].nunique())
        measures.update(children=now, children_before=children_before)
        lost = _pct(children_before - now, children_before)
        if children_before >= tolerance.min_rows_judged and lost > tolerance.max_shrink_pct:
            findings.append(
                VolumeFinding(
                    "volume_children",
                    f"has {now:,} distinct children, {lost}% fewer than "
                    f"the {children_before:,} of the previous accepted extract ({previous})",
                )
            )
    typed = _normalised(table, frame)
    swaps = day_month_swaps(con, table, typed, before)
    if swaps.total:
        measures.update(day_month_swaps=swaps.by_column)
    if swaps.total > MAX_SWAPS_ACCEPTED:
        findings.append(
            VolumeFinding(
                "day_month_swapped",
                f"{swaps.total:,} dates changed into their own day-month swap since the "
                f"previous accepted extract ({previous}): {swaps.describe()}; more than "
                f"{MAX_SWAPS_ACCEPTED} in a night is an export switching between dd/mm and "
                "mm/dd, not corrections",
            )
        )
    date_col = main_date_column(table)
    if date_col:
        latest_before = _scalar(con, f'select max("{date_col}") from {before}')
        latest = typed[date_col].dropna().max() if typed[date_col].notna().any() else None
        # Days only, never the dates: the newest date of a small table can
        # point at one child's record.
        days_back = (latest_before - latest).days if latest_before and latest else 0
        measures.update(latest_date_days_back=days_back)
        if days_back > tolerance.max_latest_days_back:
            findings.append(
                VolumeFinding(
                    "volume_dates",
                    f"the latest {date_col} is {days_back} days earlier than in the previous "
                    f"accepted extract ({previous}); more than "
                    f"{tolerance.max_latest_days_back} days is recent records lost",
                )
            )
    if judged:
        changed = _rows_not_kept(con, table, typed, before)
        measures.update(rows_changed_pct=_pct(changed, prev_rows))
        if _pct(changed, prev_rows) > tolerance.max_changed_pct:
            findings.append(
                VolumeFinding(
                    "volume_changed",
                    f"{_pct(changed, prev_rows)}% of the previous accepted extract's rows "
                    f"({previous}) are changed or gone; more than "
                    f"{tolerance.max_changed_pct:g}% is not a normal night",
                )
            )
    return findings, measures


def _rows_not_kept(con, table: Table, typed: pd.DataFrame, before: str) -> int:
    """Rows of the previous extract (`before`) not found, every field equal, in the new one.

    Columns blank in every previous row are left out: a column the contract
    gained since (null in earlier extracts) would otherwise make every row
    look changed on the first night it is filled.
    """
    counts = con.execute(
        "select " + ", ".join(f'count("{c}")' for c in table.column_names) + f" from {before}"
    ).fetchall()[0]
    filled = [c for c, n in zip(table.column_names, counts, strict=True) if n]
    if not filled:
        return 0
    cols = ", ".join(f'cast("{c}" as varchar)' for c in filled)
    con.register("_volume_incoming", typed)
    try:
        return _scalar(
            con,
            f"select count(*) from (select {cols} from {before} "
            f"except all select {cols} from _volume_incoming)",
        )
    finally:
        con.unregister("_volume_incoming")
