"""One council, three forms of its data, three whole nights: the figures agree.

The same simulated lives (tests/support/ssda903_worlds.py: one seed,
`--clean`) sent as the social care extract, as the SSDA903 in DfE CSV tables
and as the SSDA903 in DfE XML. Three nightly jobs take minutes, so this runs
under `make test-hardening` (marker `hardening`), not `make test`.

- The XML and the CSV form of the same return give identical marts, as
  scripts/compare_warehouses.py judges them (issue 10: "tested").
- The 903's figures equal those computed from the social care extract for the
  same children and dates, month by month, for every indicator the 903
  supports, except where docs/ssda903.md gives the reason the 903 cannot
  carry the same figure (EXPECTED_TO_DIFFER below).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.support.ssda903_worlds import FORMS, query, run_night

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.hardening

# Indicators whose 903 figure differs from the social care one by what the
# 903 holds, not by the adapter (docs/ssda903.md, "The 903 and the social
# care extract, figure by figure").
_OC3_ONCE_A_YEAR = (
    "the 903 holds one OC3 status per young person and year, taken around the "
    "birthday and dated on it; the social care extract holds every contact, so the "
    "latest status at a month end differs (the cohort, the denominator, is the same)"
)
EXPECTED_TO_DIFFER: dict[str, str] = {
    "care_leavers_in_touch_pct": _OC3_ONCE_A_YEAR,
    "care_leavers_eet_pct": _OC3_ONCE_A_YEAR,
    "care_leavers_suitable_accommodation_pct": _OC3_ONCE_A_YEAR,
}


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    return {form: run_night(tmp_path_factory.mktemp(form), form) for form in FORMS}


def test_every_form_s_night_succeeds(worlds):
    for form, world in worlds.items():
        assert world["result"].success, form


def test_the_xml_and_the_csv_form_give_identical_marts(worlds):
    compared = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "compare_warehouses.py"),
            str(worlds["ssda903_csv"]["settings"].warehouse_path),
            str(worlds["ssda903_xml"]["settings"].warehouse_path),
        ],
        capture_output=True,
        text=True,
    )
    assert compared.returncode == 0, compared.stdout
    assert "All marts identical." in compared.stdout
    for mart in ("indicator_values", "annual_measures", "ssda903_validation_findings"):
        assert mart in compared.stdout


def figures(world: dict) -> pd.DataFrame:
    return query(
        world,
        """
        select indicator_id, period_type, period_end, numerator, denominator, value,
            source_status
        from marts.indicator_values
        """,
    )


def figure_differences(worlds) -> pd.DataFrame:
    """The 903-supported figures (every month and period) where the two extracts disagree."""
    ssda903 = figures(worlds["ssda903_csv"])
    ssda903 = ssda903[ssda903["source_status"] == "computed"].drop(columns="source_status")
    social_care = figures(worlds["social_care"]).drop(columns="source_status")
    keys = ["indicator_id", "period_type", "period_end"]
    both = ssda903.merge(social_care, on=keys, how="left", suffixes=("_903", "_sc"))
    same = pd.Series(True, index=both.index)
    for column in ("numerator", "denominator", "value"):
        a, b = both[f"{column}_903"], both[f"{column}_sc"]
        same &= (a.isna() & b.isna()) | ((a - b).abs() < 1e-9)
    return both[~same]


def test_the_903_figures_equal_the_social_care_figures(worlds):
    differences = figure_differences(worlds)
    compared = figures(worlds["ssda903_csv"])
    computed = set(compared.loc[compared["source_status"] == "computed", "indicator_id"])
    assert len(computed) >= 25  # the 903-supported indicators are there to compare
    unexpected = differences[~differences["indicator_id"].isin(EXPECTED_TO_DIFFER)]
    assert unexpected.empty, unexpected.to_string()
    # Where they differ, only the status read from OC3 does: the cohort is the same.
    expected = differences[differences["indicator_id"].isin(EXPECTED_TO_DIFFER)]
    assert (expected["denominator_903"] == expected["denominator_sc"]).all()
    # Each documented difference is real (else it is no longer needed).
    for indicator in EXPECTED_TO_DIFFER:
        assert indicator in set(differences["indicator_id"]), indicator
