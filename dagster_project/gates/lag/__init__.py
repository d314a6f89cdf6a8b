"""The recording-lag gate: is tonight's recording abnormal against the LA's own history?

Measures, per record type that lags (health, dental and initial health
assessments, reviews, visits, PEPs, episodes), the recording-lag
distribution from `recorded_at - event date` on each extract, keeps those
figures night by night in the raw history (`_lag_figures`, counts and shares
only), and judges tonight's figures against the trailing baseline of the
same record type. It is a WARNING gate: a lag does not make the data wrong,
it makes the latest figures low until recording catches up, and the
performance team needs to know when recording has gone abnormal (a backlog,
a confirmation process that stopped) before they publish.

Why a baseline and not a fixed share: every LA, and every record type, lags
differently. Health assessments typed in weeks late are normal for the
papers' LA (a fixed "15% late" rule warned every night, so nobody read it);
what matters is recording that stops or slows compared with the LA's own
recent nights.

One job per module:
- `record_types`: where each record type lives in the raw history;
- `figures`: tonight's figures of one record type from its records;
- `rules`: the thresholds, each with why it is that number;
- `baseline`: the past nights a figure is judged against;
- `stops`: the rules for recording that stopped (a count, not a spread);
- `verdict`: tonight's figures against the baseline (`judge`);
- `store`: the kept figures in the raw history and the nightly update.

No child id or date leaves this package: the figures are counts, shares and
whole days. The reconciliation-gap warning (health register against the
case system) lives with the health reconciliation (health_reconciliation.py).
"""

from dagster_project.gates.lag.figures import (
    FIGURES,
    LAG_WINDOW_DAYS,
    RECORDING_DUE_WORKING_DAYS,
    VOLUME_WINDOW_DAYS,
    lag_figures,
)
from dagster_project.gates.lag.record_types import RECORD_TYPES, RecordType
from dagster_project.gates.lag.rules import ABNORMAL, MIN_BASELINE_NIGHTS, NO_BASELINE, NORMAL
from dagster_project.gates.lag.store import (
    FIGURES_TABLE,
    LagGateResult,
    records_on,
    update_lag_figures,
)
from dagster_project.gates.lag.verdict import Judgement, judge

__all__ = [
    "ABNORMAL",
    "FIGURES",
    "FIGURES_TABLE",
    "LAG_WINDOW_DAYS",
    "MIN_BASELINE_NIGHTS",
    "NORMAL",
    "NO_BASELINE",
    "RECORDING_DUE_WORKING_DAYS",
    "RECORD_TYPES",
    "VOLUME_WINDOW_DAYS",
    "Judgement",
    "LagGateResult",
    "RecordType",
    "judge",
    "lag_figures",
    "records_on",
    "update_lag_figures",
]
