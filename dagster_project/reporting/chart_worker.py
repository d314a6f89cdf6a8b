"""The trend charts rendered by a child process, which ends with them.

vl-convert's JavaScript runtime stays in the process that loads it (about
110 MB for the default LA's 55 charts) and nothing unloads it; rendered in
the nightly process it stood beside Chromium printing the PDF, the night's
memory peak (docs/performance.md). `trend_svgs` runs
`python -m dagster_project.reporting.chart_worker` instead: a fresh
interpreter (the nightly process has threads, which a fork would copy
mid-lock) that reads the pickled (trend frame, unit) pairs on stdin and
writes the pickled SVGs to stdout. This module imports neither Altair nor
vl-convert in the process that calls it.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import traceback
from pathlib import Path

import pandas as pd

# The child reports a failure in one line; a crash before it could (an
# import error, a signal) leaves Python's traceback, whose tail is kept.
STDERR_TAIL = 2000
PROJECT_CODE = Path(__file__).resolve().parents[1]


class ChartRenderingFailed(RuntimeError):
    """The child rendering the charts exited with an error."""


def trend_svgs(charts: list[tuple[pd.DataFrame, str | None]]) -> list[str]:
    """Each (trend, unit)'s chart as SVG markup, in order."""
    if not charts:
        return []
    done = subprocess.run(
        [sys.executable, "-m", __name__],
        input=pickle.dumps(charts),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip()[-STDERR_TAIL:]
        raise ChartRenderingFailed(f"rendering the trend charts failed: {tail}")
    return pickle.loads(done.stdout)  # written by the child below


def _one_line(exc: BaseException) -> str:
    """`KeyError: 'rag' (charts.py line 69, in trend_chart)`: what failed, and
    the last place in the project's code it went through."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if Path(f.filename).is_relative_to(PROJECT_CODE)]
    where = (ours or frames)[-1]
    what = traceback.format_exception_only(exc)[-1].strip()
    return f"{what} ({Path(where.filename).name} line {where.lineno}, in {where.name})"


def main() -> int:
    from dagster_project.reporting.charts import trend_svg

    charts = pickle.load(sys.stdin.buffer)  # written by trend_svgs above
    # stdout carries the pickled answer only: anything a library prints goes to stderr.
    answer, sys.stdout = sys.stdout.buffer, sys.stderr
    try:
        svgs = [trend_svg(trend, unit) for trend, unit in charts]
    except Exception as exc:  # reported to the parent, which raises it
        print(_one_line(exc), file=sys.stderr)
        return 1
    pickle.dump(svgs, answer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
