"""The data-entry-lag gate: are the health team's assessments in the case system?

Belongs here: comparing the health team's register (health__assessments)
with the health assessments social workers recorded in the case system
(social_care__health_assessments) as at the case system's extract date, and
a GX check on the share recorded late or missing. It is a WARNING gate: a
lag does not make the data wrong, it makes this month's health figures low
until the records catch up, and the performance team needs to know that
before they publish.

Only counts leave this module (compared, in time, late, missing, share, per
assessment type); child ids are used to match rows and then dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

# Why 20 working days: it is the statutory timescale for an initial health
# assessment, and about one calendar month, i.e. one monthly reporting cycle.
# An assessment typed into the case system later than that misses the
# month-end figure that should count it, which is exactly the re-run
# restatement the performance papers complain about. Working days ignore
# bank holidays (at most two days' difference in any month).
RECORDING_DUE_WORKING_DAYS = 20

# Why a 91-day window (one quarter): the gate is about current recording
# practice. Assessments whose recording deadline passed long ago were mostly
# caught up and would dilute a recent backlog; a quarter holds enough
# assessments (a few hundred in a mid-sized LA) for a stable share.
WINDOW_DAYS = 91

# Only completed assessments have anything to record: a declined or missed
# (DNA) appointment is not expected in the case system as an assessment.
COMPARED_OUTCOMES = ("COMPLETED",)

IN_TIME, LATE, MISSING = "in_time", "late", "missing"


@dataclass
class LagResult:
    as_of: dt.date | None
    health_extract_date: dt.date | None
    compared: int
    in_time: int
    late: int
    missing: int
    threshold: float
    by_type: dict[str, dict[str, int]] = field(default_factory=dict)
    passed: bool = True

    @property
    def share_late_or_missing(self) -> float:
        return round((self.late + self.missing) / self.compared, 4) if self.compared else 0.0

    def metadata(self) -> dict:
        """Counts only, for the check metadata and the alert."""
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "health_extract_date": (
                self.health_extract_date.isoformat() if self.health_extract_date else None
            ),
            "compared": self.compared,
            "in_time": self.in_time,
            "late": self.late,
            "missing": self.missing,
            "share_late_or_missing": self.share_late_or_missing,
            "threshold": self.threshold,
            "by_type": self.by_type,
            "due_working_days": RECORDING_DUE_WORKING_DAYS,
            "window_days": WINDOW_DAYS,
        }


def comparison_frame(health: pd.DataFrame, social: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """One row per health-team assessment now due in the case system, no ids.

    `health`: child_id, assessment_type, assessment_date, outcome (optional).
    `social`: CHILD, ASSESSMENT_TYPE, ASSESSMENT_DATE, RECORDED_AT.
    Columns out: assessment_type, status, is_late_or_missing (0/1).
    """
    h = health.copy()
    if "outcome" in h.columns:
        h = h[h["outcome"].isin(COMPARED_OUTCOMES)]
    h["assessment_date"] = pd.to_datetime(h["assessment_date"]).dt.normalize()
    h = h.dropna(subset=["assessment_date"]).drop_duplicates(
        ["child_id", "assessment_type", "assessment_date"]
    )
    due = np.busday_offset(
        h["assessment_date"].values.astype("datetime64[D]"),
        RECORDING_DUE_WORKING_DAYS,
        roll="forward",
    )
    h["due"] = pd.to_datetime(due)
    as_of_ts = pd.Timestamp(as_of)
    h = h[(h["due"] <= as_of_ts) & (h["due"] > as_of_ts - pd.Timedelta(days=WINDOW_DAYS))]
    s = social.rename(
        columns={
            "CHILD": "child_id",
            "ASSESSMENT_TYPE": "assessment_type",
            "ASSESSMENT_DATE": "assessment_date",
            "RECORDED_AT": "recorded_at",
        }
    )[["child_id", "assessment_type", "assessment_date", "recorded_at"]].copy()
    s["assessment_date"] = pd.to_datetime(s["assessment_date"]).dt.normalize()
    s["recorded_at"] = pd.to_datetime(s["recorded_at"])
    # A record typed twice counts from its first entry.
    s = s.groupby(["child_id", "assessment_type", "assessment_date"], as_index=False)[
        "recorded_at"
    ].min()
    m = h.merge(s, on=["child_id", "assessment_type", "assessment_date"], how="left")
    recorded_day = m["recorded_at"].dt.normalize()
    status = np.where(
        m["recorded_at"].isna(), MISSING, np.where(recorded_day > m["due"], LATE, IN_TIME)
    )
    out = pd.DataFrame(
        {
            "assessment_type": m["assessment_type"].astype(str).to_numpy(),
            "status": status,
        }
    )
    out["is_late_or_missing"] = (out["status"] != IN_TIME).astype(int)
    return out


def _validate_share(frame: pd.DataFrame, threshold: float) -> bool:
    """GX check: mean of is_late_or_missing at most `threshold`."""
    from dagster_project.gates.runner import _gx

    state = _gx()
    name = "lag__health_assessments"
    if name not in state["definitions"]:
        gx, context = state["gx"], state["context"]
        asset = state["datasource"].add_dataframe_asset(name)
        batch = asset.add_batch_definition_whole_dataframe(name)
        suite = context.suites.add(
            gx.ExpectationSuite(
                name=name,
                expectations=[
                    {
                        "type": "expect_column_mean_to_be_between",
                        "kwargs": {
                            "column": "is_late_or_missing",
                            "min_value": 0,
                            "max_value": {"$PARAMETER": "threshold"},
                        },
                        "meta": {
                            "why": "share of the health team's assessments recorded more "
                            f"than {RECORDING_DUE_WORKING_DAYS} working days late, or "
                            "missing, in the case system"
                        },
                        "severity": "warning",
                    }
                ],
            )
        )
        state["definitions"][name] = context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=suite)
        )
    result = state["definitions"][name].run(
        batch_parameters={"dataframe": frame},
        expectation_parameters={"threshold": threshold},
    )
    return bool(result.success)


def run_lag_gate(
    health: pd.DataFrame,
    social: pd.DataFrame,
    as_of: dt.date,
    threshold: float,
    health_extract_date: dt.date | None = None,
) -> LagResult:
    frame = comparison_frame(health, social, as_of)
    counts = frame["status"].value_counts()
    by_type = {
        str(t): {k: int(v) for k, v in g["status"].value_counts().items()}
        for t, g in frame.groupby("assessment_type")
    }
    result = LagResult(
        as_of=as_of,
        health_extract_date=health_extract_date,
        compared=len(frame),
        in_time=int(counts.get(IN_TIME, 0)),
        late=int(counts.get(LATE, 0)),
        missing=int(counts.get(MISSING, 0)),
        threshold=threshold,
        by_type=by_type,
    )
    # An empty comparison has no mean; nothing due means nothing late.
    result.passed = True if frame.empty else _validate_share(frame, threshold)
    return result


def lag_gate_from_raw_history(con: duckdb.DuckDBPyConnection, threshold: float) -> LagResult:
    """The gate on the latest social care extract and the latest health extract before it."""
    as_of = con.execute(
        "select max(_extract_date) from social_care__health_assessments"
    ).fetchone()[0]
    health_date = (
        con.execute(
            "select max(_extract_date) from health__assessments where _extract_date <= ?",
            [as_of],
        ).fetchone()[0]
        if as_of
        else None
    )
    if as_of is None or health_date is None:
        return LagResult(as_of, health_date, 0, 0, 0, 0, threshold)
    health = con.execute(
        "select child_id, assessment_type, assessment_date, outcome "
        "from health__assessments where _extract_date = ?",
        [health_date],
    ).df()
    social = con.execute(
        "select CHILD, ASSESSMENT_TYPE, ASSESSMENT_DATE, RECORDED_AT "
        "from social_care__health_assessments where _extract_date = ?",
        [as_of],
    ).df()
    return run_lag_gate(health, social, as_of, threshold, health_date)
