"""The short table `make run` prints: the latest month's indicators and RAG.

Read from the published warehouse, exactly as a BI tool would see it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

LATEST_MONTH_SQL = """
with latest as (
    select max(period_end) as period_end
    from marts.indicator_rag
    where period_type = 'month'
)
select
    i.indicator_id,
    i.title,
    i.unit,
    r.period_end,
    r.value,
    r.rag
from marts.indicator_rag as r
inner join latest as l on r.period_end = l.period_end
inner join marts.indicators as i on r.indicator_id = i.indicator_id
where r.period_type = 'month'
order by i.indicator_id
"""

RAG_MARKS = {"green": "G", "amber": "A", "red": "R"}

# The papers' titles run to 140 characters; a terminal table needs a cap.
TITLE_WIDTH = 72


def _short(title: str) -> str:
    return title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1] + "…"


def _format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if "%" in unit or "percent" in unit.lower():
        return f"{value:.1f}%"
    return f"{value:,.1f}" if value % 1 else f"{value:,.0f}"


def latest_month_table(warehouse_path: Path) -> str:
    if not warehouse_path.exists():
        return f"No published warehouse at {warehouse_path} yet."
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        rows = con.execute(LATEST_MONTH_SQL).fetchall()
    if not rows:
        return "The published warehouse holds no monthly indicator values."
    period_end = rows[0][3]
    width = max(len(_short(r[1])) for r in rows)
    lines = [f"Indicators for the month ending {period_end:%d %B %Y}", ""]
    lines.append(f"{'Indicator':<{width}}  {'Value':>10}  RAG")
    lines.append(f"{'-' * width}  {'-' * 10}  ---")
    for _, title, unit, _, value, rag in rows:
        mark = RAG_MARKS.get(rag or "", "-")
        value_text = _format_value(value, unit or "")
        lines.append(f"{_short(title):<{width}}  {value_text:>10}  {mark}")
    return "\n".join(lines)
