"""Ingest in chunks: rows read and typed `chunk_rows` at a time, text frames read again.

A drop read and typed a few rows at a time, its text frames not held
between steps (`held_cells=0`: each is read again from its file), must give
what a whole read gives: the same raw history rows, and faults named at the
same file line, past the first chunk too. A rejected drop writes nothing and
leaves no staging file beside the raw history, and one left by an ingest
that stopped is removed by the next.
"""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb

from contract import load_contract
from dagster_project.ingest.discovery import waiting_drops
from dagster_project.ingest.pipeline import ingest_drop
from dagster_project.ingest.staging import PREFIX
from dagster_project.raw_history import connect
from tests.ingest.drops import make_rows, raw_snapshot, write_drop

SOURCE = "virtual_school"
CHUNK = 7  # rows 0-6 are the first chunk; the faults below are in the fourth


def _table(name: str):
    return next(t for t in load_contract().source(SOURCE).tables if t.name == name)


def _only_drop(landing, con):
    (drop,) = waiting_drops(landing, con, SOURCE)
    return drop


def test_a_value_that_will_not_type_past_the_first_chunk_is_named_at_its_line(landing, con, raw_db):
    rows = make_rows(_table("attendance"), 40)
    rows[25]["sessions_possible"] = "1" * 23  # digits the gate allows; overflows int64
    write_drop(landing, SOURCE, n=40, rows={"attendance": rows})
    before = raw_snapshot(con)

    outcome = ingest_drop(con, _only_drop(landing, con), chunk_rows=CHUNK, held_cells=0)

    assert not outcome.accepted
    # data row 25 is file line 27 (the header is line 1)
    assert "attendance.csv line 27 column sessions_possible" in outcome.reason
    assert "[uncastable_value]" in outcome.reason
    assert "1" * 23 not in outcome.reason
    assert raw_snapshot(con) == before
    assert [p.name for p in raw_db.parent.iterdir() if "staging" in p.name] == []


def test_a_short_record_past_the_first_chunk_is_named_at_its_line(landing, con):
    folder = write_drop(landing, SOURCE, n=40)
    path = folder / _table("peps").file
    lines = path.read_text().splitlines(keepends=True)
    lines[24] = "only,three,fields\r\n"  # file line 25: data row 23, in the fourth chunk
    path.write_text("".join(lines))

    outcome = ingest_drop(con, _only_drop(landing, con), chunk_rows=CHUNK, held_cells=0)

    assert not outcome.accepted
    assert f"{path.name} line 25" in outcome.reason
    assert "[wrong_field_count]" in outcome.reason


def _stored(con) -> dict:
    tables = [t.qualified_name for t in load_contract().source(SOURCE).tables]
    stored = {n: sorted(map(repr, con.execute(f'select * from "{n}"').fetchall())) for n in tables}
    stored["_extract_log"] = con.execute(
        "select table_name, file_name, sha256, rows_read, rows_accepted, rows_quarantined, "
        "status from _extract_log order by table_name"
    ).fetchall()
    return stored


def test_chunks_and_frames_read_again_store_what_a_whole_read_stores(tmp_path, landing):
    write_drop(landing, SOURCE, n=40)
    results = []
    for name, settings in [("whole", {}), ("chunked", {"chunk_rows": 3, "held_cells": 0})]:
        con: duckdb.DuckDBPyConnection = connect(tmp_path / name / "raw.duckdb")
        try:
            outcome = ingest_drop(con, _only_drop(landing, con), **settings)
            assert outcome.accepted, outcome.reason
            lags = {n: (o.rows_accepted, o.recording_lag) for n, o in outcome.tables.items()}
            results.append((_stored(con), lags))
        finally:
            con.close()
    (whole, whole_lags), (chunked, chunked_lags) = results
    assert sum(len(rows) for rows in whole.values()) > 40
    assert chunked == whole
    assert chunked_lags == whole_lags


def _ended_pid() -> int:
    """The id of a process that has run and been reaped: no process has it now."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_staging_folder_left_by_a_stopped_ingest_is_removed_by_the_next(landing, con, raw_db):
    stopped = raw_db.parent / f"{PREFIX}{_ended_pid()}-abcd1234"
    earlier_release = raw_db.parent / f"{PREFIX}k2j4h5g6"
    still_running = raw_db.parent / f"{PREFIX}{os.getpid()}-efgh5678"
    for folder in (stopped, earlier_release, still_running):
        folder.mkdir(mode=0o700)
        (folder / "staging.duckdb").write_bytes(b"typed rows of a drop")
    write_drop(landing, SOURCE, n=10)

    outcome = ingest_drop(con, _only_drop(landing, con))

    assert outcome.accepted
    left = sorted(p.name for p in raw_db.parent.iterdir() if p.name.startswith(PREFIX))
    assert left == [still_running.name]
