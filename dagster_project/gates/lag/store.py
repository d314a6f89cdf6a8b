"""The lag figures kept night by night in the raw history, and the nightly update.

Each extract not yet measured is measured and judged against the nights
before it, and its figures and verdict are kept in `_lag_figures` (counts,
shares and days only), so tomorrow's baseline is read from the table rather
than re-measured.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import pandas as pd

from dagster_project.gates.lag.figures import (
    FIGURES,
    LAG_WINDOW_DAYS,
    RECORDING_DUE_WORKING_DAYS,
    lag_figures,
)
from dagster_project.gates.lag.record_types import RECORD_TYPES, RecordType
from dagster_project.gates.lag.rules import (
    ABNORMAL,
    BASELINE_NIGHTS,
    MIN_BASELINE_NIGHTS,
    NO_BASELINE,
    SEASON_HALF_WIDTH_DAYS,
    SEASON_LAG_DAYS,
    Z_LIMIT,
)
from dagster_project.gates.lag.verdict import Judgement, judge
from dagster_project.row_versions import nights_of

# Why a year and a month: on a first load of a long raw history, measuring
# that much gives the trailing baseline and the same weeks last year at once
# (a few seconds per hundred extracts, once); later nights measure one each.
BACKFILL_EXTRACTS = SEASON_LAG_DAYS + SEASON_HALF_WIDTH_DAYS + 1

FIGURES_TABLE = "_lag_figures"
FIGURES_DDL = f"""
create table if not exists {FIGURES_TABLE} (
    extract_date date not null,
    record_type varchar not null,
    n_recorded_7d bigint not null,
    n_recorded_28d bigint not null,
    median_lag_days double,
    p90_lag_days double,
    share_within_20wd double,
    working_days_since_last bigint,
    status varchar not null,          -- normal | abnormal | insufficient_baseline
    computed_at timestamp not null default current_timestamp,
    primary key (extract_date, record_type)
)
"""
# a raw history kept before the figure existed gains the column, blank on
# the nights already measured (the silence rule reads tonight's value only)
FIGURES_MIGRATION = (
    f"alter table {FIGURES_TABLE} add column if not exists working_days_since_last bigint"
)


@dataclass
class LagGateResult:
    judgements: list[Judgement]

    @property
    def passed(self) -> bool:
        return all(j.status != ABNORMAL for j in self.judgements)

    @property
    def abnormal(self) -> list[str]:
        return [j.record_type for j in self.judgements if j.status == ABNORMAL]

    @property
    def without_baseline(self) -> list[str]:
        return [j.record_type for j in self.judgements if j.status == NO_BASELINE]

    def metadata(self) -> dict:
        """Counts only, for the check metadata and the alert."""
        return {
            "abnormal_record_types": self.abnormal,
            "record_types_without_baseline": self.without_baseline,
            "record_types": {j.record_type: j.metadata() for j in self.judgements},
            "baseline_rule": (
                f"robust z beyond {Z_LIMIT:g} (median, MAD) against the last "
                f"{BASELINE_NIGHTS} normal nights; at least {MIN_BASELINE_NIGHTS} needed"
            ),
            "due_working_days": RECORDING_DUE_WORKING_DAYS,
        }


def records_on(
    con: duckdb.DuckDBPyConnection, record_type: RecordType, extract_date: dt.date
) -> pd.DataFrame:
    """event_date and recorded_at of a record type's rows recorded in the lag window."""
    since = extract_date - dt.timedelta(days=LAG_WINDOW_DAYS)
    return con.execute(
        f"select {record_type.event_date_sql} as event_date, "
        f"{record_type.recorded_at_sql} as recorded_at "
        f"from {record_type.qualified_table} "
        f"where _extract_date = ? and {record_type.where_sql} "
        f"and {record_type.recorded_at_sql} >= ?",
        [extract_date, since],
    ).df()


def _history(con: duckdb.DuckDBPyConnection, name: str, before: dt.date) -> pd.DataFrame:
    """The kept figures of a record type from the year and a month before `before`."""
    since = before - dt.timedelta(days=SEASON_LAG_DAYS + SEASON_HALF_WIDTH_DAYS + 1)
    return con.execute(
        f"select extract_date, {', '.join(FIGURES)}, status from {FIGURES_TABLE} "
        "where record_type = ? and extract_date < ? and extract_date >= ? "
        "order by extract_date",
        [name, before, since],
    ).df()


def _extract_dates(con: duckdb.DuckDBPyConnection, record_type: RecordType) -> list[dt.date]:
    """The table's newest BACKFILL_EXTRACTS nights, from the raw history's list of
    nights (reading them off the table would read every night's rows)."""
    return nights_of(con, record_type.qualified_table)[-BACKFILL_EXTRACTS:]


def update_lag_figures(
    con: duckdb.DuckDBPyConnection, record_types: Iterable[RecordType] = RECORD_TYPES
) -> LagGateResult:
    """Measure and judge every extract not yet measured; return each type's newest judgement.

    Extracts ingested in one run (a first load, or nights caught up after an
    outage) are measured oldest first, so each is judged against the nights
    before it. At most the last BACKFILL_EXTRACTS extracts are measured.
    """
    con.execute(FIGURES_DDL)
    con.execute(FIGURES_MIGRATION)
    judgements = []
    for record_type in record_types:
        done = {
            r[0]
            for r in con.execute(
                f"select extract_date from {FIGURES_TABLE} where record_type = ?",
                [record_type.name],
            ).fetchall()
        }
        dates = _extract_dates(con, record_type)
        latest: Judgement | None = None
        for extract_date in dates:
            if extract_date in done:
                continue
            figures = lag_figures(records_on(con, record_type, extract_date), extract_date)
            latest = judge(
                record_type.name,
                figures,
                _history(con, record_type.name, extract_date),
                extract_date,
            )
            con.execute(
                f"insert into {FIGURES_TABLE} ({', '.join(FIGURES)}, extract_date, record_type, "
                f"status) values ({', '.join('?' * (len(FIGURES) + 3))})",
                [*(figures[k] for k in FIGURES), extract_date, record_type.name, latest.status],
            )
        if latest is None and dates:
            latest = _stored_judgement(con, record_type.name, dates[-1])
        if latest is not None:
            judgements.append(latest)
    return LagGateResult(judgements)


def _stored_judgement(
    con: duckdb.DuckDBPyConnection, name: str, extract_date: dt.date
) -> Judgement:
    """The judgement already made for an extract measured on an earlier run."""
    row = con.execute(
        f"select {', '.join(FIGURES)}, status from {FIGURES_TABLE} "
        "where record_type = ? and extract_date = ?",
        [name, extract_date],
    ).fetchone()
    figures = dict(zip(FIGURES, row[: len(FIGURES)], strict=True))
    j = judge(name, figures, _history(con, name, extract_date), extract_date)
    # the stored status is the one the baseline uses; keep them the same
    j.status = row[len(FIGURES)]
    return j
