"""The bad-input corpus, one case per row of `cases.CASES`: each damaged or
unusual drop lands after a good night and must end as its row says.

For every case: the outcome; the message holds the row's strings (file, line
or row and column, or by how much); the raw history the warehouse is built
from is exactly as before unless the drop was accepted (accepted: the rows
are the good night's where the file's content did not change); nothing a
hostile file carries (a `<!channel>` sheet name, a child's name, id or date
of birth in a header, a cell value) is in the reason, the warnings, or any
line ingest logged; and, for a rejection, what Slack received: the gate's
alert, built from the check's metadata exactly as the gate-failure sensor
builds it, sent through the alerter to the local fake Slack, escaped, with
no mention, no link from the data and no identifier. A good drop after a
rejected one is ingested (nothing freezes).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import pytest

from contract import load_contract
from dagster_project.alerts.check_alerts import message_builders
from dagster_project.alerts.slack import escape_mrkdwn
from dagster_project.assets.ingest_assets import _table_metadata, check_name
from dagster_project.ingest.discovery import waiting_drops
from dagster_project.ingest.nightly import ingest_waiting
from dagster_project.raw_history import latest_accepted_extract_dates
from tests.hardening.cases import (
    CASES,
    HOSTILE_NEEDLES,
    NEWER,
    NEXT,
    PRIMED_DATE,
    Case,
    Damage,
)
from tests.ingest.drops import extract_statuses, raw_snapshot, write_drop
from tests.support.pii import leaked

UI = "http://dagster.test:3000"


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _night_rows(con, source: str, date: dt.date) -> dict[str, list]:
    """Each table's rows of one night, without the load's own columns."""
    out = {}
    for table in load_contract().source(source).tables:
        columns = ", ".join(f'"{c}"' for c in table.column_names)
        out[table.name] = sorted(
            map(
                repr,
                con.execute(
                    f'select {columns} from "{table.qualified_name}" where _extract_date = ?',
                    [date],
                ).fetchall(),
            )
        )
    return out


def _no_hostile_text(*texts: str) -> None:
    joined = "\n".join(texts)
    for needle in HOSTILE_NEEDLES:
        assert needle not in joined, f"{needle!r} reached a message:\n{joined}"
    assert leaked(joined) == [], joined


def _land(case: Case, landing, tmp_path) -> None:
    write_drop(landing, case.source, NEXT, n=case.n, rows=case.rows() if case.rows else None)
    if case.outcome == "moved_on":
        write_drop(landing, case.source, NEWER, n=case.n + 1)
    if case.damage is not None:
        base = landing / case.source
        case.damage(
            Damage(
                folder=base / NEXT.isoformat(),
                previous=base / PRIMED_DATE.isoformat(),
                landing=landing,
                outside=tmp_path / "outside",
            )
        )


def _slack_for_rejection(case: Case, outcomes, fake_slack) -> list[str]:
    """Send each rejected table's gate alert as the gate-failure sensor does."""
    last = outcomes[-1]
    alerter = fake_slack.alerter(channel="#lac-test", ui_base_url=UI)
    rejected = [
        t
        for t in load_contract().source(case.source).tables
        if last.tables[t.name].status == "rejected"
    ]
    assert rejected, "a rejection names at least one table"
    for table in rejected:
        metadata = _table_metadata(last.tables[table.name], last, outcomes)
        builder = message_builders()[check_name(table)]
        assert alerter.send(builder(metadata, run_id="run-1", ui_base_url=UI))
    assert len(fake_slack.messages) == len(rejected)
    return fake_slack.texts()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, primed, tmp_path, fake_slack) -> None:
    con, landing = primed
    before = raw_snapshot(con)
    _land(case, landing, tmp_path)
    handler = _Lines()
    log = logging.getLogger(f"corpus.{case.id}")
    log.addHandler(handler)
    try:
        outcomes = ingest_waiting(con, landing, case.source, log)
    finally:
        log.removeHandler(handler)
    messages = [o.reason or "" for o in outcomes] + [
        w for o in outcomes for t in o.tables.values() for w in [*t.warnings, t.reason or ""]
    ]
    _no_hostile_text(*messages, *handler.lines)
    for value in case.absent:
        assert not any(value in m for m in [*messages, *handler.lines]), value

    if case.outcome == "reported":
        assert [o.status for o in outcomes] == [], "nothing is ingested"
        for needle in case.needles:
            assert any(needle in line for line in handler.lines), (needle, handler.lines)
        assert raw_snapshot(con) == before
        return

    if case.outcome == "moved_on":
        assert [o.status for o in outcomes] == ["rejected", "accepted"]
        for needle in case.needles:
            assert needle in (outcomes[0].reason or ""), (needle, outcomes[0].reason)
        assert extract_statuses(con, case.source, NEXT) == {"rejected"}
        assert extract_statuses(con, case.source, NEWER) == {"accepted"}
        assert latest_accepted_extract_dates(con)[case.source] == NEWER
        assert waiting_drops(landing, con, case.source) == []
        assert fake_slack.messages == []  # ingest sends nothing; the run's alerts do
        return

    (outcome,) = outcomes
    assert outcome.status == {"quarantined": "accepted"}.get(case.outcome, case.outcome), (
        outcome.status,
        outcome.reason,
    )
    if case.outcome in ("rejected", "no_change"):
        for needle in case.needles:
            assert needle in (outcome.reason or ""), (needle, outcome.reason)
        assert raw_snapshot(con) == before
        assert extract_statuses(con, case.source, NEXT) == {case.outcome}
        assert latest_accepted_extract_dates(con)[case.source] == PRIMED_DATE
        assert waiting_drops(landing, con, case.source) == [], "never retried on its own"
    if case.outcome == "rejected":
        texts = _slack_for_rejection(case, outcomes, fake_slack)
        _no_hostile_text(*texts)
        assert escape_mrkdwn(case.needles[0]) in "\n".join(texts)
        assert "<!" not in "\n".join(texts)
        # Nothing freezes: a good drop the next day is read.
        later = NEXT + dt.timedelta(days=1)
        write_drop(landing, case.source, later, n=case.n + 2)
        assert [o.status for o in ingest_waiting(con, landing, case.source)] == ["accepted"]
    else:
        assert fake_slack.messages == []
    if case.outcome == "quarantined":
        kept = [t for t in outcome.tables.values() if t.rows_quarantined or t.fields_nulled]
        assert kept, "a row fault drops a row or nulls a field"
        # A rule's column may be a list ("child_id,academic_year,term").
        columns = {c for t in kept for f in t.failed_rules for c in str(f.get("column")).split(",")}
        for needle in case.needles:
            assert needle in columns, (needle, columns)
    if case.outcome == "accepted":
        warnings = [w for t in outcome.tables.values() for w in t.warnings]
        for needle in case.needles:
            assert needle in warnings, (needle, warnings)
        assert extract_statuses(con, case.source, NEXT) == {"accepted"}
        if case.unchanged:
            assert _night_rows(con, case.source, NEXT) == _night_rows(con, case.source, PRIMED_DATE)
    case.extra_check(con)


def test_the_corpus_covers_every_kind_and_outcome() -> None:
    assert len(CASES) >= 60
    assert len({c.id for c in CASES}) == len(CASES)
    kinds = {c.kind for c in CASES}
    assert kinds == {
        "volume",
        "read failure",
        "untrusted text",
        "row fault",
        "accepted",
        "landing zone",
    }
    assert {c.outcome for c in CASES} == {
        "rejected",
        "quarantined",
        "accepted",
        "no_change",
        "reported",
        "moved_on",
    }
    assert all(dataclasses.is_dataclass(c) for c in CASES)
