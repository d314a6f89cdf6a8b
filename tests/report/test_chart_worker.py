"""The trend charts are rendered by a child process, so vl-convert's runtime ends with it.

Rendered in the nightly process, vl-convert's JavaScript runtime (about
110 MB) stayed there beside Chromium printing the PDF: the night's memory
peak. The child must give the very SVG the same call gives in process, and
a failure there must reach the night as an error, not as a blank chart.
"""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from dagster_project.reporting.chart_worker import ChartRenderingFailed, trend_svgs


def _trend(values: list[float]) -> pd.DataFrame:
    months = pd.date_range("2025-01-31", periods=len(values), freq="ME")
    return pd.DataFrame(
        {
            "period_end": months.date,
            "value": values,
            "rag": (["Green", "Amber", None] * len(values))[: len(values)],
            "range_low": 60.0,
            "range_high": 70.0,
            "green_threshold": 65.0,
            "amber_threshold": 60.0,
            "sn_average": 64.2,
            "national_value": None,
        }
    )


def test_the_child_renders_what_the_same_call_renders_in_process():
    from dagster_project.reporting.charts import trend_svg

    charts = [(_trend([61.0, 64.5, 66.0, 63.2]), "percent"), (_trend([12.0, 15.0, 9.0]), "count")]

    rendered = trend_svgs(charts)

    assert rendered == [trend_svg(trend, unit) for trend, unit in charts]
    assert all(svg.startswith("<svg") for svg in rendered)


def test_the_calling_process_loads_neither_altair_nor_vl_convert():
    probe = (
        "import sys, pandas as pd\n"
        "from dagster_project.reporting.chart_worker import trend_svgs\n"
        "from tests.report.test_chart_worker import _trend\n"
        "(svg,) = trend_svgs([(_trend([61.0, 64.5, 66.0]), 'percent')])\n"
        "assert svg.startswith('<svg'), svg[:40]\n"
        "print(sorted(m for m in ('altair', 'vl_convert') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_chart_that_fails_in_the_child_fails_the_call_with_its_error():
    broken = _trend([61.0, 64.5]).drop(columns=["rag"])

    with pytest.raises(ChartRenderingFailed) as failed:
        trend_svgs([(broken, "percent")])

    message = str(failed.value)
    assert message.startswith("rendering the trend charts failed: KeyError: 'rag' (charts.py line ")
    assert message.endswith(", in trend_chart)")


def test_no_charts_start_no_child():
    assert trend_svgs([]) == []
