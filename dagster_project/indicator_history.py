"""The published figures of every night, kept: the indicator history.

The published warehouse is replaced whole every night, so on its own it only
ever holds tonight's figures. After each publish, tonight's indicator values
(with their as_of_date) are appended to `_indicator_history` in the raw
history file, which is never replaced; dbt reads them back as a source
(`stg_published__indicator_values`) and `marts.indicator_revisions` prefers
a real night's figure to the reconstruction for the same night.

Only the months a revision can still touch are kept: period ends within
the last 13 months of the as-of date (the revision history's 12 month-end
lags plus the first report); older months no longer move, and keeping every
month of every night would grow the file by about 10,000 rows a night
instead of about 2,000. Re-running a night replaces that night's rows.

Each council's figures go into its own raw history (councils.py): the
warehouse holds every council's, each raw history keeps only its council's.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dagster_project.duckdb_lock import connect_when_free

HISTORY_TABLE = "_indicator_history"

# Months before the as-of date still kept each night: the first report and
# 12 month-end lags of int_revision_nights.
KEPT_MONTHS = 13

HISTORY_DDL = f"""
create table if not exists {HISTORY_TABLE} (
    la_code varchar not null,
    indicator_id varchar not null,
    period_type varchar not null,
    period_end date not null,
    as_of_date date not null,
    numerator double,
    denominator double,
    value double,
    run_id varchar,
    recorded_at timestamp not null default current_timestamp
)
"""


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(HISTORY_DDL)


def record_published_values(raw_db: Path, build_db: Path, run_id: str, la_code: str) -> int:
    """Append tonight's marts.indicator_values of council `la_code` to its history; rows written."""
    con = connect_when_free(raw_db)
    try:
        ensure_schema(con)
        con.execute("attach ? as build (read_only)", [str(build_db)])
        con.execute("begin")
        con.execute(
            f"""
            delete from {HISTORY_TABLE}
            where la_code = $la_code and as_of_date in (
                select distinct as_of_date from build.marts.indicator_values
                where la_code = $la_code
            )
            """,
            {"la_code": la_code},
        )
        written = con.execute(
            f"""
            insert into {HISTORY_TABLE}
                (la_code, indicator_id, period_type, period_end, as_of_date,
                 numerator, denominator, value, run_id)
            select la_code, indicator_id, period_type, period_end, as_of_date,
                   numerator, denominator, value, $run_id
            from build.marts.indicator_values
            where la_code = $la_code and period_end > as_of_date - interval {KEPT_MONTHS} month
            """,
            {"run_id": run_id, "la_code": la_code},
        ).fetchone()[0]
        con.execute("commit")
        return int(written)
    finally:
        con.close()
