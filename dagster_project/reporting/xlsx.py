"""report.xlsx: the summary and each theme's monthly series, for committee papers.

Written with XlsxWriter. The RAG ratings are real cell fills and the
direction-of-travel arrows real coloured text (not pictures), so an officer
can copy the table straight into a Word paper and it keeps its formatting.
Header rows are frozen so they stay in view while scrolling.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import xlsxwriter

from dagster_project.reporting.formatting import (
    DOT_COLOUR,
    GOOD_PERFORMANCE,
    RAG_FILL,
    RAG_LABEL,
    is_missing,
    month_label,
    rag_key,
)
from dagster_project.reporting.loading import ReportData
from dagster_project.reporting.themes import OTHER, THEMES, Theme, theme_of

# Excel's own number formats, matching how the papers print each unit.
NUMBER_FORMATS = {
    "percentage": '0.0"%"',
    "count": "#,##0",
    "rate_per_10k": "0.0",
    "average_days": "#,##0.0",
    "average_cases": "0.0",
}
SUMMARY_HEADER = [
    "Ref",
    "Indicator",
    "M-2",
    "M-1",
    "M",
    "YTD",
    "Good performance is",
    "DoT",
    "RAG",
    "Red",
    "Amber",
    "Green (target)",
    "Last year's outturn",
    "Stat. neighbours",
    "England",
    "Quartile",
]
SUMMARY_VALUES = [
    "value_two_months_before",
    "previous_month_value",
    "value",
    "ytd_value",
]
THRESHOLDS = ["red_threshold", "amber_threshold", "green_threshold"]
BENCHMARKS = ["last_year_outturn_value", "sn_average", "national_value"]
# Excel forbids []:*?/\ in sheet names and caps them at 31 characters.
SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\]")


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self.header = book.add_format(
            {
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": "#1F3A5F",
                "text_wrap": True,
                "valign": "bottom",
                "border": 1,
                "border_color": "#FFFFFF",
            }
        )
        self.title = book.add_format({"bold": True, "font_size": 14, "font_color": "#1F3A5F"})
        self.text = book.add_format({"text_wrap": True, "valign": "top"})
        self.centre = book.add_format({"align": "center", "valign": "top"})
        self._numbers: dict[str, object] = {}
        self.rag = {
            key: book.add_format(
                {"bg_color": fill, "pattern": 1, "bold": True, "align": "center", "valign": "top"}
            )
            for key, fill in RAG_FILL.items()
        }
        self.dot = {
            key: book.add_format(
                {"font_color": colour, "bold": True, "align": "center", "valign": "top"}
            )
            for key, colour in DOT_COLOUR.items()
        }
        self.dot_plain = book.add_format({"bold": True, "align": "center", "valign": "top"})

    def number(self, unit: str | None):
        key = unit or "count"
        if key not in self._numbers:
            self._numbers[key] = self.book.add_format(
                {"num_format": NUMBER_FORMATS.get(key, "0.0"), "valign": "top"}
            )
        return self._numbers[key]


def _number_or_blank(sheet, row: int, col: int, value: object, fmt) -> None:
    if is_missing(value):
        sheet.write_blank(row, col, None, fmt)
    else:
        sheet.write_number(row, col, float(value), fmt)  # type: ignore[arg-type]


def _summary_sheet(book, formats: _Formats, data: ReportData) -> None:
    sheet = book.add_worksheet("Summary")
    months = [month_label(data.period_end, back) for back in (2, 1, 0)]
    header = [*SUMMARY_HEADER[:2], *months, *SUMMARY_HEADER[5:]]
    sheet.write(
        0, 0, f"Performance summary, {data.period_end:%B %Y} (LA {data.la_code})", formats.title
    )
    sheet.write_row(1, 0, header, formats.header)
    sheet.set_row(1, 32)
    for offset, row in enumerate(data.summary.to_dict("records")):
        r = offset + 2
        unit = row.get("unit")
        number = formats.number(unit)
        sheet.write_string(r, 0, str(row.get("reference") or ""), formats.text)
        sheet.write_string(r, 1, str(row.get("indicator") or ""), formats.text)
        for col, column in enumerate(SUMMARY_VALUES, start=2):
            _number_or_blank(sheet, r, col, row.get(column), number)
        good = GOOD_PERFORMANCE.get(str(row.get("good_performance_is") or ""), "")
        sheet.write_string(r, 6, good, formats.centre)
        arrow = row.get("direction_of_travel")
        colour = str(row.get("direction_of_travel_colour") or "").lower()
        sheet.write_string(
            r,
            7,
            "" if is_missing(arrow) else str(arrow),
            formats.dot.get(colour, formats.dot_plain),
        )
        rag = rag_key(row.get("rag"))
        if rag:
            sheet.write_string(r, 8, RAG_LABEL[rag], formats.rag[rag])
        else:
            sheet.write_string(r, 8, "", formats.centre)
        for col, column in enumerate(THRESHOLDS, start=9):
            threshold = row.get(column)
            if isinstance(threshold, str):  # the papers' wording, e.g. '95.2+'
                sheet.write_string(r, col, threshold, formats.centre)
            else:
                _number_or_blank(sheet, r, col, threshold, number)
        for col, column in enumerate(BENCHMARKS, start=12):
            _number_or_blank(sheet, r, col, row.get(column), number)
        sheet.write_string(r, 15, str(row.get("quartile_band") or ""), formats.centre)
    sheet.freeze_panes(2, 2)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 5, 9)
    sheet.set_column(6, 8, 8)
    sheet.set_column(9, 15, 10)
    sheet.autofilter(1, 0, 1 + len(data.summary), len(header) - 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(1)


def _theme_frames(data: ReportData) -> list[tuple[Theme, pd.DataFrame]]:
    domains = data.indicators.set_index("indicator_id")["domain"].to_dict()
    summary = data.summary.set_index("indicator_id")
    trends = data.trends.assign(
        theme=data.trends["indicator_id"].map(lambda i: theme_of(domains.get(i)).slug)
    )
    frames = []
    for theme in [*THEMES, OTHER]:
        part = trends[trends["theme"] == theme.slug]
        if part.empty:
            continue
        frame = part.assign(
            reference=part["indicator_id"].map(summary["reference"]),
            indicator=part["indicator_id"].map(summary["indicator"]),
            order=part["indicator_id"].map(summary["display_order"]),
        )
        frames.append((theme, frame))
    return frames


def _theme_sheet(book, formats: _Formats, theme: Theme, frame: pd.DataFrame) -> None:
    sheet = book.add_worksheet(SHEET_NAME_UNSAFE.sub(" ", theme.sheet_name))
    months = sorted(frame["period_end"].unique())
    labels = [pd.Timestamp(m).strftime("%b-%y") for m in months]
    sheet.write(0, 0, theme.title, formats.title)
    sheet.write_row(1, 0, ["Ref", "Indicator", "Measure", *labels], formats.header)
    r = 2
    ordered = frame.sort_values(["order", "indicator_id", "period_end"], na_position="last")
    for indicator_id, rows in ordered.groupby("indicator_id", sort=False):
        unit = rows["unit"].iloc[0]
        by_month = rows.set_index("period_end")
        for measure, column, fmt in (
            ("Value", "value", formats.number(unit)),
            ("Numerator", "numerator", formats.number("count")),
            ("Denominator", "denominator", formats.number("count")),
        ):
            sheet.write_string(r, 0, str(rows["reference"].iloc[0] or ""), formats.text)
            sheet.write_string(r, 1, str(rows["indicator"].iloc[0] or indicator_id), formats.text)
            sheet.write_string(r, 2, measure, formats.text)
            for col, month in enumerate(months, start=3):
                value = by_month[column].get(month) if month in by_month.index else None
                _number_or_blank(sheet, r, col, value, fmt)
            r += 1
    sheet.freeze_panes(2, 3)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 55)
    sheet.set_column(2, 2, 12)
    sheet.set_column(3, 3 + len(months), 9)


def write_xlsx(data: ReportData, target: Path) -> Path:
    with xlsxwriter.Workbook(str(target)) as book:
        formats = _Formats(book)
        _summary_sheet(book, formats, data)
        for theme, frame in _theme_frames(data):
            _theme_sheet(book, formats, theme, frame)
    return target
