"""Discovery and re-ingest: waiting drops in date order, idempotent replacement."""

from __future__ import annotations

import datetime as dt

from dagster_project.ingest.discovery import all_drops, waiting_drops
from dagster_project.ingest.pipeline import ingest_drop
from tests.ingest.drops import EXTRACT_DATE, raw_snapshot, write_drop

# The population source has one small table: cheap to ingest several times.
SOURCE = "population"


def _days(n: int) -> dt.date:
    return EXTRACT_DATE + dt.timedelta(days=n)


def test_waiting_drops_oldest_first_and_working_folders_ignored(landing, con):
    for n in (2, 0, 1):
        write_drop(landing, SOURCE, _days(n), n=3)
    (landing / SOURCE / "_truth").mkdir()
    (landing / SOURCE / "not-a-date").mkdir()
    (landing / SOURCE / "2024-02-30").mkdir()  # not a real date
    drops = waiting_drops(landing, con, SOURCE)
    assert [d.extract_date for d in drops] == [_days(0), _days(1), _days(2)]


def test_several_waiting_drops_ingested_in_order(landing, con):
    for n, rows in ((0, 3), (1, 4), (2, 5)):
        write_drop(landing, SOURCE, _days(n), n=rows)
    for drop in waiting_drops(landing, con, SOURCE):
        assert ingest_drop(con, drop).accepted
    counts = con.execute(
        "select _extract_date, count(*) from population__population group by 1 order by 1"
    ).fetchall()
    assert counts == [(_days(0), 3), (_days(1), 4), (_days(2), 5)]
    logged = con.execute(
        "select extract_date from _extract_log where source = ? order by ingested_at", [SOURCE]
    ).fetchall()
    assert [d for (d,) in logged] == [_days(0), _days(1), _days(2)]
    assert waiting_drops(landing, con, SOURCE) == []
    # A drop older than the newest logged one is not picked up again.
    write_drop(landing, SOURCE, _days(-5), n=3)
    assert waiting_drops(landing, con, SOURCE) == []
    assert len(all_drops(landing, SOURCE)) == 4


def test_reingest_is_idempotent(landing, con):
    write_drop(landing, SOURCE, _days(0), n=4)
    (drop,) = waiting_drops(landing, con, SOURCE)
    assert ingest_drop(con, drop).accepted
    once = raw_snapshot(con)
    log_once = con.execute("select count(*) from _extract_log").fetchone()[0]
    assert ingest_drop(con, drop).accepted
    assert raw_snapshot(con) == once
    assert con.execute("select count(*) from _extract_log").fetchone()[0] == log_once


def test_rejected_drop_is_logged_and_not_retried(landing, con):
    folder = write_drop(landing, SOURCE, _days(0), n=4)
    (folder / "population.csv").write_bytes(b"")
    (drop,) = waiting_drops(landing, con, SOURCE)
    outcome = ingest_drop(con, drop)
    assert not outcome.accepted
    assert con.execute("select status from _extract_log").fetchall() == [("rejected",)]
    assert waiting_drops(landing, con, SOURCE) == []
