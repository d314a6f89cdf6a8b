"""Where each record type that lags lives in the raw history, and which date it lags."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordType:
    """Where a record type lives in the raw history and which date it lags."""

    name: str
    source: str
    table: str
    event_date_sql: str
    recorded_at_sql: str = '"RECORDED_AT"'
    where_sql: str = "true"

    @property
    def qualified_table(self) -> str:
        return f"{self.source}__{self.table}"


RECORD_TYPES = (
    RecordType(
        "health_assessments",
        "social_care",
        "health_assessments",
        '"ASSESSMENT_DATE"',
        where_sql="\"ASSESSMENT_TYPE\" = 'RHA'",
    ),
    RecordType(
        "dental_checks",
        "social_care",
        "health_assessments",
        '"ASSESSMENT_DATE"',
        where_sql="\"ASSESSMENT_TYPE\" = 'DENTAL'",
    ),
    RecordType(
        "initial_health_assessments",
        "social_care",
        "health_assessments",
        '"ASSESSMENT_DATE"',
        where_sql="\"ASSESSMENT_TYPE\" = 'IHA'",
    ),
    RecordType("reviews", "social_care", "reviews", '"REVIEW"'),
    RecordType("visits", "social_care", "visits", '"VISIT_DATE"'),
    RecordType("peps", "virtual_school", "peps", '"pep_date"', '"recorded_at"'),
    # An episode row's recorded-at is its last change: the closure once the
    # episode has ended (DEC), its opening before that (DECOM).
    RecordType("episodes", "social_care", "episodes", 'coalesce("DEC", "DECOM")'),
)
