"""The national benchmark's independent pandas implementation agrees with the warehouse.

scripts/national/ computes twelve indicators from the landing files with
pandas, written from the definitions and not from the dbt SQL. Here a small
clean simulated LA is run through the whole nightly job (the e2e test's
helper) and every month's numerator and denominator of every one of the
twelve is compared with the published `marts.indicator_values`.

That whole night takes about a minute, and no published warehouse can be
shared with this folder: the e2e module's own is module-scoped, and
`make test` spreads files over two workers (`--dist loadfile`), so a
session fixture would be built twice. So the comparison is a whole-night
case: deselected from `make test`, run by `make test-hardening`. The
comparison's own logic is checked here without a night, in `make test`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from scripts.national.compare import compare, independent_values, warehouse_values
from scripts.national.independent_indicators import INDICATORS
from tests.e2e.test_nightly_job import AS_OF, run_first_night, world_settings


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    built = run_first_night(tmp_path_factory.mktemp("national"))
    assert built["first"].success
    return built


@pytest.mark.hardening
def test_every_indicator_and_month_equals_the_published_marts(night):
    ours = independent_values(night["landing"], la_code="999")
    warehouse = world_settings(night["root"]).settings.warehouse_path
    theirs = warehouse_values(warehouse)
    # Every indicator, for every month of the simulated year, on both sides.
    months = set(pd.date_range("2023-04-30", AS_OF, freq="ME").date)
    for frame in (ours, theirs):
        assert set(frame["indicator_id"]) == set(INDICATORS)
        assert set(frame["period_end"]) == months
    result = compare(ours, theirs)
    assert result.rows == len(INDICATORS) * len(months)
    assert result.differences.empty, result.differences.to_dict("records")


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
