"""Everything the report shows, read once from the published warehouse.

The report is a published output (DESIGN.md): it reads the same aggregate
marts a BI tool sees, never the build database, so a figure in the report is
always one a councillor could find in the warehouse. The one exception is the
data-quality page's quarantine counts, which come from the raw history's
bookkeeping table `_quarantine` (counts by rule only: no row values).

Columns that other work adds later (provisional months, expected final
values, a data-quality mart) are read only when the table has them, so the
report builds before and after those land.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dagster_project.councils import council_clause

# A trend chart covers 13 months: the latest month and the same month a year
# earlier, the comparison the papers make in every narrative.
TREND_MONTHS = 13

# Aggregate data-quality marts that other work adds (late recording, the
# health team's reconciliation): shown on the data-quality page when present.
DATA_QUALITY_TABLES = ("data_quality", "health_reconciliation")
# A page, not a dump: the full table is in the warehouse.
DATA_QUALITY_ROWS = 40

SUMMARY_SQL = """
select *
from marts.performance_summary
where period_end = (
    select max(period_end) from marts.performance_summary where true /*council*/
) /*council*/
order by display_order nulls last, indicator_id
"""


@dataclass
class ReportData:
    la_code: str
    period_end: dt.date
    as_of_date: dt.date
    summary: pd.DataFrame
    indicators: pd.DataFrame
    trends: pd.DataFrame
    on_a_page: pd.DataFrame
    not_computed: pd.DataFrame
    quarantine: pd.DataFrame
    late_sources: list[dict] = field(default_factory=list)
    provisional: pd.DataFrame = field(default_factory=pd.DataFrame)
    data_quality: dict[str, pd.DataFrame] = field(default_factory=dict)


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts'"
    ).fetchall()
    return {name for (name,) in rows}


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = 'marts' and table_name = ?",
        [table],
    ).fetchall()
    return {name for (name,) in rows}


def _council_filter(
    con: duckdb.DuckDBPyConnection, table: str, la_code: str | None, alias: str = ""
) -> str:
    """One council's rows of a mart that has la_code (councils.council_clause)."""
    if la_code is None or "la_code" not in _columns(con, table):
        return ""
    return council_clause(la_code, f"{alias}la_code")


def _trends(
    con: duckdb.DuckDBPyConnection,
    period_end: dt.date,
    tables: set[str],
    la_code: str | None = None,
) -> pd.DataFrame:
    """Monthly values for the last 13 months with their thresholds and benchmarks."""
    first = (pd.Timestamp(period_end) - pd.DateOffset(months=TREND_MONTHS - 1)).date()
    value_columns = _columns(con, "indicator_values")
    provisional = (
        ", v.is_provisional" if "is_provisional" in value_columns else ", null as is_provisional"
    )
    rag_join = ""
    rag_columns = (
        ", null as rag, null as green_threshold, null as amber_threshold, null as range_low, "
        "null as range_high, null as sn_average, null as national_value"
    )
    if "indicator_rag" in tables:
        rag_join = """
        left join marts.indicator_rag as r
            on r.la_code = v.la_code and r.indicator_id = v.indicator_id
            and r.period_type = v.period_type and r.period_end = v.period_end
            and r.as_of_date = v.as_of_date
        """
        rag_columns = (
            ", r.rag, r.green_threshold, r.amber_threshold, r.range_low, r.range_high,"
            " r.sn_average, r.national_value"
        )
    return con.execute(
        f"""
        select v.indicator_id, v.period_end, v.value, v.numerator, v.denominator, v.unit
            {provisional} {rag_columns}
        from marts.indicator_values as v
        {rag_join}
        where v.period_type = 'month' and v.period_end between ? and ?
            {_council_filter(con, "indicator_values", la_code, "v.")}
        order by v.indicator_id, v.period_end
        """,
        [first, period_end],
    ).df()


def _provisional(summary: pd.DataFrame) -> pd.DataFrame:
    """Indicators whose latest month is still provisional (late recording), if marked."""
    if "is_provisional" not in summary.columns:
        return pd.DataFrame()
    rows = summary[summary["is_provisional"].fillna(False).astype(bool)]
    keep = [c for c in ("reference", "indicator", "value", "expected_final_value") if c in rows]
    return rows[keep].reset_index(drop=True)


def quarantine_counts(raw_db_path: Path, as_of_date: dt.date) -> pd.DataFrame:
    """Rows quarantined by the gates on the as-of night, by source, table and rule."""
    if not raw_db_path.exists():
        return pd.DataFrame(columns=["source", "table_name", "rule", "rows"])
    with duckdb.connect(str(raw_db_path), read_only=True) as con:
        return con.execute(
            """
            select source, table_name, rule, count(distinct (file_name, row_number)) as rows
            from _quarantine
            where extract_date = (select max(extract_date) from _quarantine where extract_date <= ?)
            group by all
            order by rows desc, source, table_name, rule
            """,
            [as_of_date],
        ).df()


def load_report_data(
    warehouse_path: Path, raw_db_path: Path, la_code: str | None = None
) -> ReportData:
    """The report's data; with `la_code`, one council's of a warehouse of several."""
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        tables = _tables(con)
        summary = con.execute(SUMMARY_SQL.replace("/*council*/", council_clause(la_code))).df()
        if summary.empty:
            raise ValueError("the published performance summary has no rows")
        period_end = pd.Timestamp(summary["period_end"].iloc[0]).date()
        as_of_date = pd.Timestamp(summary["as_of_date"].iloc[0]).date()
        shown_la_code = str(summary["la_code"].iloc[0])
        indicators = con.execute("select * from marts.indicators").df()
        on_a_page = (
            con.execute(
                "select * from marts.performance_on_a_page where period_end = ?"
                + _council_filter(con, "performance_on_a_page", la_code)
                + " order by reference",
                [period_end],
            ).df()
            if "performance_on_a_page" in tables
            else pd.DataFrame()
        )
        not_computed = (
            con.execute(
                "select * from marts.indicators_not_computed where true"
                + _council_filter(con, "indicators_not_computed", la_code)
                + " order by reference"
            ).df()
            if "indicators_not_computed" in tables
            else pd.DataFrame()
        )
        data_quality = {
            table: con.execute(
                f"select * from marts.{table} where true"
                + _council_filter(con, table, la_code)
                + f" limit {DATA_QUALITY_ROWS}"
            ).df()
            for table in DATA_QUALITY_TABLES
            if table in tables
        }
        trends = _trends(con, period_end, tables, la_code)
    return ReportData(
        la_code=shown_la_code,
        period_end=period_end,
        as_of_date=as_of_date,
        summary=summary,
        indicators=indicators,
        trends=trends,
        on_a_page=on_a_page,
        not_computed=not_computed,
        quarantine=quarantine_counts(raw_db_path, as_of_date),
        provisional=_provisional(summary),
        data_quality=data_quality,
    )
