"""The recording-lag gate on hand-made frames: counts right, warns above the threshold."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dagster_project.gates.lag_gate import comparison_frame, run_lag_gate

AS_OF = dt.date(2024, 4, 2)  # a Tuesday
# 2024-02-01 is a Thursday: 20 working days later is Thursday 2024-02-29.
TOOK_PLACE = dt.date(2024, 2, 1)
THRESHOLD = 0.15


def _health(n: int, date: dt.date = TOOK_PLACE, outcome: str = "COMPLETED") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "child_id": [f"PIICHILD{i:03d}" for i in range(n)],
            "assessment_type": ["IHA" if i % 2 else "RHA" for i in range(n)],
            "assessment_date": [date] * n,
            "outcome": [outcome] * n,
        }
    )


def _social(health: pd.DataFrame, recorded: list[pd.Timestamp | None]) -> pd.DataFrame:
    rows = [
        {
            "CHILD": h.child_id,
            "ASSESSMENT_TYPE": h.assessment_type,
            "ASSESSMENT_DATE": h.assessment_date,
            "RECORDED_AT": r,
        }
        for h, r in zip(health.itertuples(), recorded, strict=False)
        if r is not None
    ]
    return pd.DataFrame(
        rows, columns=["CHILD", "ASSESSMENT_TYPE", "ASSESSMENT_DATE", "RECORDED_AT"]
    )


def test_below_threshold_passes():
    health = _health(20)
    on_time = pd.Timestamp("2024-02-29 17:00")  # the last day in time
    recorded = [on_time] * 18 + [pd.Timestamp("2024-03-01 09:00"), None]  # 1 late, 1 missing
    result = run_lag_gate(health, _social(health, recorded), AS_OF, THRESHOLD)
    assert (result.compared, result.in_time, result.late, result.missing) == (20, 18, 1, 1)
    assert result.share_late_or_missing == 0.1
    assert result.passed


def test_above_threshold_warns_with_counts_only():
    health = _health(20)
    recorded = [pd.Timestamp("2024-02-10")] * 14 + [pd.Timestamp("2024-03-20")] * 3 + [None] * 3
    result = run_lag_gate(health, _social(health, recorded), AS_OF, THRESHOLD)
    assert (result.late, result.missing, result.share_late_or_missing) == (3, 3, 0.3)
    assert not result.passed
    md = result.metadata()
    assert md["threshold"] == THRESHOLD and md["compared"] == 20
    assert sum(sum(v.values()) for v in md["by_type"].values()) == 20
    assert "PIICHILD" not in repr(md)


def test_only_due_completed_assessments_are_compared():
    recent = _health(5, date=AS_OF - dt.timedelta(days=3))  # not due yet
    declined = _health(5, outcome="DECLINED")
    old = _health(5, date=dt.date(2023, 1, 5))  # due long before the window
    health = pd.concat([recent, declined, old])
    frame = comparison_frame(health, _social(health, []), AS_OF)
    assert frame.empty
    result = run_lag_gate(health, _social(health, []), AS_OF, THRESHOLD)
    assert result.compared == 0 and result.passed
