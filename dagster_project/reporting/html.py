"""report.html: the monthly report as one static, offline page.

Jinja2 fills templates/report.html.j2; the stylesheet is inlined and the
charts are inline SVG, so the file opens from a USB stick or an email with no
network (no CDN, no web font, no script). The same page prints to the PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pandas as pd

from dagster_project.reporting.chart_worker import trend_svgs
from dagster_project.reporting.formatting import (
    DOT_COLOUR,
    GOOD_PERFORMANCE,
    RAG_FILL,
    RAG_LABEL,
    format_threshold,
    format_value,
    is_missing,
    month_label,
    rag_key,
)
from dagster_project.reporting.loading import ReportData
from dagster_project.reporting.themes import OTHER, THEMES, Theme, theme_of

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class IndicatorPage:
    reference: str
    title: str
    definition: str
    latest: str
    numerator: str
    denominator: str
    unit: str
    rag: str | None
    svg: str


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value)


def summary_rows(data: ReportData) -> list[dict]:
    rows = []
    for row in data.summary.to_dict("records"):
        unit = row.get("unit")
        rag = rag_key(row.get("rag"))
        dot_colour = DOT_COLOUR.get(_text(row.get("direction_of_travel_colour")).lower())
        rows.append(
            {
                "indicator_id": row["indicator_id"],
                "reference": _text(row.get("reference")),
                "indicator": _text(row.get("indicator")),
                "months": [
                    format_value(row.get(c), unit)
                    for c in ("value_two_months_before", "previous_month_value", "value")
                ],
                "ytd": format_value(row.get("ytd_value"), unit),
                "good": GOOD_PERFORMANCE.get(_text(row.get("good_performance_is")), ""),
                "dot": _text(row.get("direction_of_travel")) or "-",
                "dot_colour": dot_colour,
                "rag": rag,
                "rag_label": RAG_LABEL.get(rag or "", "-"),
                "rag_fill": RAG_FILL.get(rag or ""),
                "red": format_threshold(row.get("red_threshold"), unit),
                "amber": format_threshold(row.get("amber_threshold"), unit),
                "green": format_threshold(row.get("green_threshold"), unit),
                "last_year": format_value(row.get("last_year_outturn_value"), unit),
                "sn": format_value(row.get("sn_average"), unit),
                "england": format_value(row.get("national_value"), unit),
                "quartile": _text(row.get("quartile_band")),
                "provisional": bool(row.get("is_provisional") or False),
                # The nowcast beside a provisional month's recorded value
                # (docs/provisional_months.md); "-" where there is none.
                "expected": _expected_final(row, unit),
            }
        )
    return rows


def _expected_final(row: dict, unit: str | None) -> dict | None:
    """A provisional month's expected final value and 80% interval, else None."""
    if not row.get("is_provisional") or is_missing(row.get("expected_final_value")):
        return None
    return {
        "value": format_value(row.get("expected_final_value"), unit),
        "low": format_value(row.get("expected_final_low"), unit),
        "high": format_value(row.get("expected_final_high"), unit),
    }


def on_a_page_tiles(data: ReportData) -> list[dict]:
    tiles: list[dict] = []
    if data.on_a_page.empty:
        return tiles
    order = data.summary.set_index("indicator_id")["display_order"].to_dict()
    rows = data.on_a_page.assign(order=data.on_a_page["indicator_id"].map(order))
    for row in rows.sort_values("order", na_position="last").to_dict("records"):
        unit = row.get("unit")
        change = row.get("change_on_last_year")
        direction = _text(row.get("performance_direction")).lower()
        tiles.append(
            {
                "reference": _text(row.get("reference")),
                "indicator": _text(row.get("indicator")),
                "value": format_value(row.get("value"), unit),
                "period": "year to date" if row.get("period_type") == "fytd" else "month end",
                "change": "" if is_missing(change) else f"({float(change):+,.1f})",
                "direction": direction,
            }
        )
    return tiles


def theme_pages(data: ReportData) -> list[tuple[Theme, list[IndicatorPage]]]:
    latest = data.summary.set_index("indicator_id")
    pages: dict[str, list[IndicatorPage]] = {}
    catalogue = data.indicators.set_index("indicator_id")
    trends = {
        indicator_id: data.trends[data.trends["indicator_id"] == indicator_id]
        for indicator_id in data.summary["indicator_id"]
    }
    charted = [i for i, trend in trends.items() if not trend.empty]
    rendered = trend_svgs([(trends[i], latest.loc[i].get("unit")) for i in charted])
    svgs = dict(zip(charted, rendered, strict=True))
    for indicator_id in data.summary["indicator_id"]:
        meta = catalogue.loc[indicator_id] if indicator_id in catalogue.index else None
        row = latest.loc[indicator_id]
        unit = row.get("unit")
        trend = trends[indicator_id]
        last = trend.iloc[-1] if not trend.empty else None
        page = IndicatorPage(
            reference=_text(row.get("reference")),
            title=_text(row.get("indicator")),
            definition=_text(meta["definition"]) if meta is not None else "",
            latest=format_value(row.get("value"), unit),
            numerator=format_value(last["numerator"], "count") if last is not None else "-",
            denominator=format_value(last["denominator"], "count") if last is not None else "-",
            unit=_text(unit),
            rag=rag_key(row.get("rag")),
            svg=svgs.get(indicator_id, ""),
        )
        domain = _text(meta["domain"]) if meta is not None else ""
        pages.setdefault(theme_of(domain).slug, []).append(page)
    ordered = [*THEMES, OTHER]
    return [(theme, pages[theme.slug]) for theme in ordered if theme.slug in pages]


def _records(frame: pd.DataFrame) -> list[dict]:
    return [] if frame is None or frame.empty else frame.to_dict("records")


def render_html(data: ReportData, generated_at: dt.datetime) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )
    months = [month_label(data.period_end, back) for back in (2, 1, 0)]
    return env.get_template("report.html.j2").render(
        css=(TEMPLATES / "report.css").read_text(encoding="utf-8"),
        data=data,
        months=months,
        month_title=data.period_end.strftime("%B %Y"),
        generated_at=generated_at.strftime("%d %B %Y %H:%M"),
        rows=summary_rows(data),
        tiles=on_a_page_tiles(data),
        themes=theme_pages(data),
        quarantine=_records(data.quarantine),
        late_sources=data.late_sources,
        provisional=_records(data.provisional),
        data_quality={
            name.replace("_", " ").capitalize(): _records(frame)
            for name, frame in data.data_quality.items()
            if not frame.empty
        },
        not_computed=_records(data.not_computed),
        rag_fill=RAG_FILL,
        rag_label=RAG_LABEL,
    )
