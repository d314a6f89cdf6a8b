"""The 13-month trend chart of one indicator, as an inline SVG.

Vega-Altair describes the chart and vl-convert renders it to SVG in
process (no browser, no network), so the report stays one static file.
Each chart shows the monthly value (points coloured by their RAG rating),
the target band, and the statistical-neighbour and national averages.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import vl_convert as vlc

from dagster_project.reporting.formatting import RAG_STRONG

VALUE_COLOUR = "#1F3A5F"
SN_COLOUR = "#7D3C98"
NATIONAL_COLOUR = "#616A6B"
TARGET_COLOUR = "#1E8449"
AMBER_COLOUR = "#D68910"
NO_RAG_COLOUR = "#5D6D7E"

REFERENCE_COLOURS = {
    "Target": TARGET_COLOUR,
    "Amber threshold": AMBER_COLOUR,
    "Stat. neighbours": SN_COLOUR,
    "England": NATIONAL_COLOUR,
}

WIDTH, HEIGHT = 420, 170


def _reference_lines(trend: pd.DataFrame) -> pd.DataFrame:
    """Long rows (month, series, value) for the dashed reference lines."""
    series = {
        "Target": "green_threshold",
        "Amber threshold": "amber_threshold",
        "Stat. neighbours": "sn_average",
        "England": "national_value",
    }
    frames = []
    for label, column in series.items():
        part = trend[["month", column]].dropna()
        if not part.empty:
            frames.append(part.rename(columns={column: "level"}).assign(series=label))
    return pd.concat(frames) if frames else pd.DataFrame(columns=["month", "level", "series"])


# At most this many labels on a count axis: more crowd a 170-pixel chart.
MAX_COUNT_TICKS = 6


def _count_ticks(data: pd.DataFrame) -> list[int] | alt.UndefinedType:
    """Whole-number ticks for a count: small counts must not print "0, 0, 1, 1, 2"."""
    values = data["value"].dropna()
    if values.empty:
        return alt.Undefined
    low, high = math.floor(values.min()), math.ceil(values.max())
    step = max(1, math.ceil((high - low) / (MAX_COUNT_TICKS - 1)))
    return list(range(low, high + step, step))


def trend_chart(trend: pd.DataFrame, unit: str | None) -> alt.LayerChart:
    data = trend.assign(
        month=pd.to_datetime(trend["period_end"]).dt.strftime("%Y-%m-01"),
        rating=trend["rag"].fillna("none").str.lower(),
    )
    lines = _reference_lines(data)
    # Only the columns a layer draws: Altair copies, validates and serialises
    # every column of a layer's frame, and vl-convert parses them again. The
    # default LA's 55 charts: 5.4 -> 4.9 CPU-s, the same SVG byte for byte.
    band = data[["month", "range_low", "range_high"]].dropna(subset=["range_low", "range_high"])
    data = data[["month", "value", "rating"]]
    axis_format = ".0f" if unit in ("count",) else ".1f"
    x = alt.X(
        "month:T",
        title=None,
        axis=alt.Axis(format="%b %y", labelAngle=0, tickCount="month", labelOverlap=True),
    )
    layers: list[alt.Chart] = []
    if not band.empty:
        layers.append(
            alt.Chart(band)
            .mark_area(opacity=0.18, color=TARGET_COLOUR)
            .encode(x=x, y="range_low:Q", y2="range_high:Q")
        )
    present = set(lines["series"])
    if not lines.empty:
        layers.append(
            alt.Chart(lines)
            .mark_line(strokeDash=[5, 3], strokeWidth=1.5)
            .encode(
                x=x,
                y="level:Q",
                color=alt.Color(
                    "series:N",
                    title=None,
                    # Only the series this indicator has, so the legend never
                    # names a benchmark the chart does not draw.
                    scale=alt.Scale(
                        domain=[s for s in REFERENCE_COLOURS if s in present],
                        range=[c for s, c in REFERENCE_COLOURS.items() if s in present],
                    ),
                    legend=alt.Legend(orient="bottom", direction="horizontal", symbolSize=60),
                ),
            )
        )
    y = alt.Y(
        "value:Q",
        title=None,
        # Not from zero: month-on-month changes of a point or two are what the
        # panel discusses, and they vanish on a 0-100 axis. The axis labels
        # carry the scale.
        scale=alt.Scale(zero=False, nice=True),
        axis=alt.Axis(
            format=axis_format, values=_count_ticks(data) if unit == "count" else alt.Undefined
        ),
    )
    layers.append(alt.Chart(data).mark_line(color=VALUE_COLOUR, strokeWidth=2.2).encode(x=x, y=y))
    layers.append(
        alt.Chart(data)
        .mark_point(filled=True, size=55, opacity=1)
        .encode(
            x=x,
            y=y,
            fill=alt.Fill(
                "rating:N",
                scale=alt.Scale(
                    domain=["red", "amber", "green", "none"],
                    range=[
                        RAG_STRONG["red"],
                        RAG_STRONG["amber"],
                        RAG_STRONG["green"],
                        NO_RAG_COLOUR,
                    ],
                ),
                legend=None,
            ),
            stroke=alt.value("white"),
        )
    )
    return (
        alt.layer(*layers)
        .resolve_scale(color="independent")
        .properties(width=WIDTH, height=HEIGHT)
        .configure_view(strokeWidth=0)
        .configure_axis(labelFontSize=11, gridColor="#E5E8E8", domainColor="#AAB7B8")
        .configure_legend(labelFontSize=11)
        .configure(font="DejaVu Sans")
    )


def trend_svg(trend: pd.DataFrame, unit: str | None) -> str:
    """The chart as SVG markup to inline in the HTML."""
    svg = vlc.vegalite_to_svg(trend_chart(trend, unit).to_dict())
    # The XML prolog is not allowed in the middle of an HTML document.
    return svg.split("?>", 1)[1].strip() if svg.startswith("<?xml") else svg
