"""A hostile night after a good one: each damaged drop is rejected and named,
or recorded as no change, and never freezes the nights after it.

The single-drop cases (truncated, header-only and identical extracts, values
that will not type, broken workbooks, hostile sheet names, links out of the
drop) are rows of the bad-input corpus, tests/hardening/cases.py; what is
here needs more than one drop or a look inside the volume measures.

Each test starts from a raw history holding one good drop of every source
(100 rows a table, so the volume gates judge them), lands a damaged drop a
day later, and checks the outcome, that the message names file, row and
column (or says by how much a table shrank), that the raw history the
warehouse is built from is exactly as before, and, where it matters, that a
good drop after it is ingested.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from contract import load_contract
from dagster_project.ingest.discovery import waiting_drops
from dagster_project.ingest.nightly import ingest_waiting
from dagster_project.ingest.pipeline import ingest_drop
from tests.ingest.drops import (
    EXTRACT_DATE,
    extract_statuses,
    make_rows,
    prime_raw_history,
    primed_copy,
    raw_snapshot,
    write_drop,
)

NEXT = EXTRACT_DATE + dt.timedelta(days=1)
LATER = EXTRACT_DATE + dt.timedelta(days=2)
N = 100
SOURCES = ("social_care", "fostering", "virtual_school", "health")


@pytest.fixture(scope="module")
def primed_template(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hardening")
    prime_raw_history(base / "raw.duckdb", base / "landing", SOURCES, EXTRACT_DATE, N)
    return base / "raw.duckdb"


@pytest.fixture
def primed(tmp_path, primed_template):
    with primed_copy(primed_template, tmp_path) as opened:
        yield opened


def _table(source: str, name: str):
    return load_contract().source(source).table(name)


def _only(landing, con, source: str, date: dt.date = NEXT):
    drops = waiting_drops(landing, con, source)
    assert [d.extract_date for d in drops] == [date]
    return ingest_drop(con, drops[0])


def _rejected_unchanged(outcome, con, before, *needles: str) -> None:
    assert outcome.status == "rejected" and not outcome.accepted
    for needle in needles:
        assert needle in outcome.reason, (needle, outcome.reason)
    assert raw_snapshot(con) == before
    assert extract_statuses(con, outcome.source, outcome.extract_date) == {"rejected"}


# --- volume and change gates -------------------------------------------------


def test_most_rows_changed_rejects_the_drop(landing, primed):
    con, before = primed
    table = _table("social_care", "episodes")
    second_code = load_contract().code_lists[table.column("PLACE").codes][1]
    episodes = make_rows(table, N)
    for row in episodes[:60]:
        row["PLACE"] = second_code
    write_drop(landing, "social_care", NEXT, n=N, rows={"episodes": episodes})
    outcome = _only(landing, con, "social_care")
    _rejected_unchanged(
        outcome,
        con,
        before,
        "episodes.csv (table social_care__episodes): 60.0% of the previous",
        "[volume_changed]",
    )


def test_a_latest_date_moved_back_rejects_the_drop(landing, primed):
    con, before = primed
    episodes = make_rows(_table("social_care", "episodes"), N)
    for row in episodes:
        row["DECOM"] -= dt.timedelta(days=60)
    write_drop(landing, "social_care", NEXT, n=N, rows={"episodes": episodes})
    outcome = _only(landing, con, "social_care")
    _rejected_unchanged(
        outcome,
        con,
        before,
        "the latest DECOM is 60 days earlier than in the previous accepted extract",
        "[volume_dates]",
    )
    assert "2023-" not in outcome.reason  # days, never a record's date


def test_a_small_normal_change_is_accepted(landing, primed):
    con, _ = primed
    write_drop(landing, "social_care", NEXT, n=N + 2)
    outcome = _only(landing, con, "social_care")
    assert outcome.accepted, outcome.reason
    assert outcome.tables["episodes"].volume["rows_changed_pct"] == 0.0


def test_a_column_filled_for_the_first_time_is_not_a_change(landing, con):
    # A column blank in every earlier row (as one the contract gained since
    # is) is left out of the comparison, so filling it is not "all changed".
    table = _table("social_care", "episodes")
    blank = make_rows(table, N)
    for row in blank:
        row["REASON_PLACE_CHANGE"] = None
    write_drop(landing, "social_care", EXTRACT_DATE, n=N, rows={"episodes": blank})
    assert _only(landing, con, "social_care", EXTRACT_DATE).accepted
    write_drop(landing, "social_care", NEXT, n=N)
    outcome = _only(landing, con, "social_care")
    assert outcome.accepted, outcome.reason
    assert outcome.tables["episodes"].volume["rows_changed_pct"] == 0.0


# --- failures to read: recorded, located, and never freezing later nights ----


def test_a_rejected_drop_can_be_redelivered_under_the_same_date(landing, primed):
    con, before = primed
    attendance = make_rows(_table("virtual_school", "attendance"), N)
    attendance[5]["sessions_possible"] = "9" * 23
    write_drop(landing, "virtual_school", NEXT, n=N, rows={"attendance": attendance})
    (rejected,) = ingest_waiting(con, landing, "virtual_school")
    assert rejected.status == "rejected"
    assert waiting_drops(landing, con, "virtual_school") == []  # not retried on its own

    folder = write_drop(landing, "virtual_school", NEXT, n=N + 1)  # the corrected files
    (folder / "REDELIVERY").touch()
    (outcome,) = ingest_waiting(con, landing, "virtual_school")
    assert outcome.accepted, outcome.reason
    assert extract_statuses(con, "virtual_school", NEXT) == {"rejected", "redelivery", "accepted"}
    assert raw_snapshot(con) != before
    assert waiting_drops(landing, con, "virtual_school") == []  # the marker acts once


# --- the landing zone says what it ignores --------------------------------------


def test_the_landing_zone_reports_what_it_does_not_read(landing, primed, tmp_path):
    from dagster_project.ingest.landing import landing_report

    con, _ = primed
    base = landing / "social_care"
    for name in ("2024-13-45", "31-10-2026", "<!channel> Jayden Okafor"):
        (base / name).mkdir(parents=True)
    (base / "_truth").mkdir()  # a working folder: not reported
    write_drop(landing, "social_care", EXTRACT_DATE - dt.timedelta(days=3), n=N)  # out of order
    # The accepted drop, as accepted, then one of its files corrected in place.
    accepted = write_drop(landing, "social_care", EXTRACT_DATE, n=N)
    with (accepted / "reviews.csv").open("a") as handle:
        handle.write("\n")
    (accepted / "Episodes (1) Jayden.csv").write_text("a copy someone made\n")
    # A drop folder that is a link to somewhere outside the landing zone.
    outside = write_drop(tmp_path / "elsewhere", "social_care", LATER, n=N)
    (base / LATER.isoformat()).symlink_to(outside, target_is_directory=True)

    findings = landing_report(landing, con, "social_care")

    text = "\n".join(findings)
    assert "a folder named like YYYY-MM-DD but not a real date (1 of 3)" in text
    assert "a folder named like DD-MM-YYYY; drops are named YYYY-MM-DD (2 of 3)" in text
    assert "a folder whose name is not a YYYY-MM-DD date (3 of 3)" in text
    assert f"drop {EXTRACT_DATE - dt.timedelta(days=3)} is older than the newest" in text
    assert f"drop {EXTRACT_DATE} was accepted, and reviews.csv changed since" in text
    assert "episodes.csv changed" not in text  # rewritten, but with the same bytes
    assert f"drop {LATER} links outside the landing zone and was refused" in text
    assert f"drop {EXTRACT_DATE} holds 1 file(s) the contract does not name" in text
    assert len(findings) == 7
    for raw in ("Jayden", "channel", "2024-13-45", "31-10-2026", "_truth"):
        assert raw not in text
    assert [d.extract_date for d in waiting_drops(landing, con, "social_care")] == []
