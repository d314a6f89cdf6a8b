"""The table `make run` prints: the latest month of the performance summary.

Read from the published warehouse, exactly as a BI tool would see it, and
laid out like the papers' table: reference, indicator, the last three
months, the year to date, direction of travel and RAG. A provisional month
(recording still catching up, docs/provisional_months.md) is marked "p"
beside its recorded value, and the value it is expected to settle at, with
its 80% interval, is shown in the last column.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from dagster_project.councils import council_clause

LATEST_MONTH_SQL = """
select
    reference,
    indicator,
    unit,
    period_end,
    value_two_months_before,
    previous_month_value,
    value,
    ytd_value,
    direction_of_travel,
    rag,
    is_provisional,
    expected_final_value,
    expected_final_low,
    expected_final_high,
    source_status
from marts.performance_summary
where period_end = (
    select max(period_end) from marts.performance_summary where true /*council*/
) /*council*/
order by display_order nulls last, indicator_id
"""

RAG_MARKS = {"green": "G", "amber": "A", "red": "R"}

PROVISIONAL_MARK = " p"
EXPECTED_HEADER = "Expected final (80%)"
LEGEND = (
    "p = provisional: records are still being typed in for this month; "
    "Expected final = the value it is expected to settle at (80% interval)."
)

# The papers' titles run to 140 characters; a terminal table needs a cap.
TITLE_WIDTH = 72
VALUE_WIDTH = 9


def _short(title: str) -> str:
    return title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1] + "…"


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "percentage":
        return f"{value:.1f}%"
    return f"{value:,.1f}" if value % 1 else f"{value:,.0f}"


def format_expected(value: float | None, low: float | None, high: float | None, unit: str) -> str:
    """'83.1% (80.9-85.3%)': the expected final value and its 80% interval."""
    if value is None:
        return "-"
    if low is None or high is None:
        return format_value(value, unit)
    interval = f"{format_value(low, unit).rstrip('%')}-{format_value(high, unit)}"
    return f"{format_value(value, unit)} ({interval})"


def _month_label(month_end: dt.date, months_back: int) -> str:
    year, month = month_end.year, month_end.month - months_back
    while month < 1:
        year, month = year - 1, month + 12
    return dt.date(year, month, 1).strftime("%b-%y")


def latest_month_table(warehouse_path: Path, la_code: str | None = None) -> str:
    """The latest month's table; with `la_code`, that council's (its own latest month)."""
    if not warehouse_path.exists():
        return f"No published warehouse at {warehouse_path} yet."
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        rows = con.execute(LATEST_MONTH_SQL.replace("/*council*/", council_clause(la_code)))
        rows = rows.fetchall()
    if not rows:
        council = f" for council {la_code}" if la_code else ""
        return f"The published warehouse holds no performance summary rows{council}."
    period_end = rows[0][3]
    months = [_month_label(period_end, back) for back in (2, 1, 0)]
    header = ["Ref", "Indicator", *months, "YTD", "DoT", "RAG", EXPECTED_HEADER]
    lines = [f"Indicators for the month ending {period_end:%d %B %Y}", ""]
    lines.append(_row(header))
    lines.append(
        _row(["-" * 5, "-" * TITLE_WIDTH, *["-" * VALUE_WIDTH] * 4, "---", "---", "-" * 20])
    )
    for row in rows:
        reference, title, unit, _, *values, arrow, rag = row[:10]
        is_provisional, expected, low, high, source_status = row[10:]
        cells = [format_value(value, unit) for value in values]
        if is_provisional:
            cells[2] += PROVISIONAL_MARK  # the latest month, as recorded
        # an indicator whose source was never sent says which, in place of
        # the expected-final column (its values are blank, not 0)
        awaiting = source_status not in (None, "computed")
        lines.append(
            _row(
                [
                    reference or "",
                    _short(title),
                    *cells,
                    arrow or "-",
                    RAG_MARKS.get(rag or "", "-"),
                    source_status
                    if awaiting
                    else format_expected(expected, low, high, unit)
                    if is_provisional
                    else "-",
                ]
            )
        )
    lines += ["", LEGEND]
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    reference, title, *values, arrow, rag, expected = cells
    numbers = "  ".join(f"{v:>{VALUE_WIDTH}}" for v in values)
    return f"{reference:<5}  {title:<{TITLE_WIDTH}}  {numbers}  {arrow:^3}  {rag:^3}  {expected}"
