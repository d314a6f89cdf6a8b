"""The calibration figures (sim_indicators.py) use the pipeline's own windows.

sim_indicators computes indicators from the simulator's event truth, apart
from the pipeline; its windows are named constants there, and each is
checked here against the dbt SQL that defines the indicator, so a change on
either side fails this test instead of drifting silently.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import sim_indicators as sim

DBT = Path(__file__).resolve().parents[2] / "dbt"
INDICATOR_MODELS = DBT / "models" / "intermediate" / "indicators"
STABILITY_SQL = INDICATOR_MODELS / "int_indicators_placement_stability.sql"
HEALTH_SQL = DBT / "macros" / "indicators" / "health_assessment_indicators.sql"


def _squashed(path: Path) -> str:
    """The SQL with whitespace runs collapsed, so line breaks do not matter."""
    return " ".join(path.read_text().split())


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        (
            STABILITY_SQL,
            f"rolling_window_start('cohort.period_end', {sim.PLACEMENTS_WINDOW_MONTHS})",
        ),
        (STABILITY_SQL, f"placements_in_12_months >= {sim.THREE_PLUS}"),
        (
            STABILITY_SQL,
            f"period_start_date <= {{{{ month_end_months_before('period_end', "
            f"{sim.LONG_TERM_LOOKED_AFTER_MONTHS}) }}}}",
        ),
        (
            STABILITY_SQL,
            f"placement_start_date <= {{{{ month_end_months_before('period_end', "
            f"{sim.LONG_TERM_SAME_CARERS_MONTHS}) }}}}",
        ),
        (STABILITY_SQL, f"age_at_period_end < {sim.LONG_TERM_UNDER_AGE}"),
        (
            HEALTH_SQL,
            f"where period_start_date <= {{{{ month_end_months_before('period_end', "
            f"{sim.HEALTH_COHORT_MONTHS}) }}}}",
        ),
        (
            HEALTH_SQL,
            f"when cohort.age_at_period_end < {sim.HEALTH_YOUNG_AGE} then "
            f"{{{{ rolling_window_start('cohort.period_end', {sim.HEALTH_UNDER_5_MONTHS}) }}}}",
        ),
        (
            HEALTH_SQL,
            f"else {{{{ rolling_window_start('cohort.period_end', {sim.HEALTH_MONTHS}) }}}}",
        ),
        (
            HEALTH_SQL,
            "assessments.assessment_date >= "
            f"{{{{ rolling_window_start('health_window.period_end', {sim.DENTAL_MONTHS}) }}}}",
        ),
    ],
)
def test_window_matches_dbt(path: Path, fragment: str) -> None:
    assert fragment in _squashed(path), f"{path.name} no longer says {fragment!r}"


def test_months_before_is_dbt_month_end_arithmetic() -> None:
    # month_end_months_before: the month end n months earlier, never the same day number
    assert sim.months_before(pd.Timestamp("2025-02-28"), 12) == pd.Timestamp("2024-02-29")
    assert sim.months_before(pd.Timestamp("2024-03-31"), 30) == pd.Timestamp("2021-09-30")
    assert sim.months_before(pd.Timestamp("2024-02-29"), 12) == pd.Timestamp("2023-02-28")
