"""The health reconciliation after the dbt build: the restricted list, its counts, the gap check.

Belongs here: reading what dbt built for the health reconciliation
(`int_health_reconciliation_exceptions`, record level, and
`marts.health_reconciliation`, aggregate) out of the working database, and
turning it into the three things the night hands on: the child-level list for
the restricted folder, counts per assessment type for Slack, and whether the
register's and the case system's up-to-date figures are further apart than
the configured number of points.

Only the list carries child ids, and it goes only to `restricted.py`; the
counts and the gap findings are numbers keyed by assessment type.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from contract import load_contract
from dagster_project.councils import council_clause

EXCEPTIONS_RELATION = "main.int_health_reconciliation_exceptions"
RECONCILIATION_RELATION = "marts.health_reconciliation"
RESTRICTED_LIST_NAME = "health_reconciliation_exceptions"

ON_REGISTER_ONLY = "on_register_not_in_case_system"
IN_CASE_SYSTEM_ONLY = "in_case_system_not_on_register"
# The contract's assessment types (IHA, RHA, DENTAL), in its order.
ASSESSMENT_TYPES = tuple(load_contract().code_lists["assessment_type"])

# The columns a team manager gets, in this order: who to ask (team, worker),
# which record (source child id, type, date) and how long it has waited.
LIST_COLUMNS = [
    "team_name",
    "team_id",
    "worker_id",
    "is_allocation_current",
    "exception_type",
    "source_child_id",
    "assessment_type",
    "assessment_date",
    "working_days_outstanding",
]

# Why 30: below it one child moves an up-to-date figure by more than 3.3
# points, so a 12-point gap could be three or four children, which is noise
# rather than a recording process failing. In a mid-sized LA the health and
# dental cohorts (children looked after 12 months or more) are in the
# hundreds; the month's initial assessments (10-25) rarely reach it, and
# their counts still go to Slack every night.
MIN_GAP_DENOMINATOR = 30


@dataclass(frozen=True)
class TypeGap:
    assessment_type: str
    denominator: int | None
    register_pct: float | None
    case_system_pct: float | None
    gap_points: float | None

    def exceeds(self, threshold_points: float) -> bool:
        return (
            self.gap_points is not None
            and (self.denominator or 0) >= MIN_GAP_DENOMINATOR
            and abs(self.gap_points) > threshold_points
        )


@dataclass(frozen=True)
class GapFindings:
    """The up-to-date gap in the latest month whose recording window has closed."""

    month: dt.date | None
    threshold_points: float
    by_type: tuple[TypeGap, ...]

    @property
    def exceeding(self) -> list[str]:
        return [g.assessment_type for g in self.by_type if g.exceeds(self.threshold_points)]

    @property
    def passed(self) -> bool:
        return not self.exceeding

    def metadata(self) -> dict:
        """Counts and percentages only, for the check's metadata."""
        return {
            "month": self.month.isoformat() if self.month else "none",
            "threshold_points": self.threshold_points,
            "min_denominator": MIN_GAP_DENOMINATOR,
            "types_over_threshold": ", ".join(self.exceeding) or "none",
            "gap_by_type": {
                g.assessment_type: {
                    "register_pct": g.register_pct,
                    "case_system_pct": g.case_system_pct,
                    "gap_points": g.gap_points,
                    "denominator": g.denominator,
                }
                for g in self.by_type
            },
        }


def _none_if_missing(value):
    return None if value is None or pd.isna(value) else value


def connect_read_only(build_db: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(build_db), read_only=True)


def exception_list(con: duckdb.DuckDBPyConnection, la_code: str | None = None) -> pd.DataFrame:
    """The restricted list, ordered for team managers: children allocated now first,
    then by team and worker, the longest outstanding first. With `la_code`, one council's."""
    columns = ", ".join(LIST_COLUMNS)
    return con.execute(
        f"select {columns} from {EXCEPTIONS_RELATION} "
        f"where true {council_clause(la_code)} "
        "order by is_allocation_current desc, team_name nulls last, worker_id nulls last, "
        "exception_type, "
        "working_days_outstanding desc, assessment_type, source_child_id"
    ).df()


def exception_counts(frame: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Per assessment type, how many listed each way (zeros included)."""
    counts = {t: {ON_REGISTER_ONLY: 0, IN_CASE_SYSTEM_ONLY: 0} for t in ASSESSMENT_TYPES}
    for (kind, direction), n in frame.groupby(["assessment_type", "exception_type"]).size().items():
        counts.setdefault(str(kind), {ON_REGISTER_ONLY: 0, IN_CASE_SYSTEM_ONLY: 0})[
            str(direction)
        ] = int(n)
    return counts


def gap_findings(
    con: duckdb.DuckDBPyConnection, threshold_points: float, la_code: str | None = None
) -> GapFindings:
    """Read the latest month whose 20 working days of recording have passed (of one
    council with `la_code`).

    That month, not the newest: in the newest month the case system is
    always behind by ordinary recording lag (that is the lag gate's and the
    nowcast's business), which would make this warning fire every night.
    """
    rows = con.execute(
        f"""
        select period_end, assessment_type, up_to_date_denominator,
               register_up_to_date_pct, case_system_up_to_date_pct, up_to_date_gap_points
        from {RECONCILIATION_RELATION}
        where period_end = (
            select max(period_end) from {RECONCILIATION_RELATION}
            where is_recording_window_closed {council_clause(la_code)}
        ) {council_clause(la_code)}
        order by case assessment_type when 'IHA' then 1 when 'RHA' then 2 else 3 end
        """
    ).fetchall()
    return gap_findings_from_rows(rows, threshold_points)


def gap_findings_from_rows(rows, threshold_points: float) -> GapFindings:
    """`rows`: (period_end, type, denominator, register %, case system %, gap points)."""
    by_type = tuple(
        TypeGap(
            assessment_type=str(kind),
            denominator=_none_if_missing(denominator),
            register_pct=_none_if_missing(register_pct),
            case_system_pct=_none_if_missing(case_pct),
            gap_points=_none_if_missing(gap),
        )
        for _, kind, denominator, register_pct, case_pct, gap in rows
    )
    month = rows[0][0] if rows else None
    return GapFindings(month=month, threshold_points=threshold_points, by_type=by_type)
