"""How a figure, a RAG rating and a direction of travel look, in every format.

One place, so the HTML, the workbook and the PDF show the same thing: the
papers' colours (the traffic-light fills councils already use in Word) and
their number formats (percentages to one decimal place, counts whole).
"""

from __future__ import annotations

import datetime as dt
import math

# Fills the papers use; text stays black on all three so it reads in
# greyscale print, and the letter is printed too (colour is never the only cue).
RAG_FILL = {"red": "#F4B6B6", "amber": "#FFD98A", "green": "#B9E0B0"}
RAG_STRONG = {"red": "#C0392B", "amber": "#D68910", "green": "#1E8449"}
RAG_LABEL = {"red": "R", "amber": "A", "green": "G"}
DOT_COLOUR = {"green": "#1E8449", "red": "#C0392B"}

GOOD_PERFORMANCE = {"high": "High", "low": "Low", "info": "Info", "range": "In range"}


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_value(value: object, unit: str | None) -> str:
    """A figure as the papers print it: 71.4%, 1,234, 95.2."""
    if is_missing(value):
        return "-"
    number = float(value)  # type: ignore[arg-type]
    if unit == "percentage":
        return f"{number:.1f}%"
    if unit == "count" and number.is_integer():
        return f"{number:,.0f}"
    return f"{number:,.1f}"


def format_threshold(value: object, unit: str | None) -> str:
    """Thresholds are printed as the papers print them ('95.2+', '<80%'): text."""
    if is_missing(value):
        return ""
    return value if isinstance(value, str) else format_value(value, unit)


def month_label(period_end: dt.date, months_back: int = 0) -> str:
    year, month = period_end.year, period_end.month - months_back
    while month < 1:
        year, month = year - 1, month + 12
    return dt.date(year, month, 1).strftime("%b-%y")


def rag_key(rag: object) -> str | None:
    text = str(rag).strip().lower() if not is_missing(rag) else ""
    return text if text in RAG_FILL else None
