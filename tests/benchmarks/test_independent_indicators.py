"""The national benchmark's comparison of its pandas figures with the warehouse's.

scripts/national/ computes twelve indicators from the landing files with
pandas, written from the definitions and not from the dbt SQL. Whether they
equal the published marts is checked on the e2e test's whole night
(tests/e2e/test_nightly_job.py, which already builds one); here, the
comparison itself: equal rows are equal, another number or a missing row is
a difference.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from scripts.national.compare import compare


def _rows(numerator: float, denominator: float | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "la_code": ["999"],
            "indicator_id": ["lac_count"],
            "period_end": [dt.date(2024, 3, 31)],
            "numerator": [numerator],
            "denominator": [denominator],
        }
    )


def test_the_comparison_counts_equal_rows_as_equal():
    assert compare(_rows(553.0), _rows(553.0)).differing == 0
    assert compare(_rows(97.0, 57000.0), _rows(97.0, 57000.0)).differing == 0


def test_the_comparison_finds_another_number_and_a_missing_row():
    assert compare(_rows(553.0), _rows(552.0)).differing == 1
    assert compare(_rows(9.0, 18.0), _rows(9.0, 17.0)).differing == 1
    other_month = _rows(553.0).assign(period_end=[dt.date(2024, 2, 29)])
    result = compare(_rows(553.0), other_month)
    assert (result.rows, result.differing) == (2, 2)
