"""On the default simulated LA, the named cases of issue 12 keep their rows.

The simulator (default seed, one extract night, LA 999) injects defects and
lists each in its truth manifest (`_truth/defects.jsonl`) with file row and
child. The drops are ingested for real; a defect in a field no indicator
needs must leave the row in the raw history with only that field null, and a
defect in a field the indicators need must still drop the row. Every finding
is in `_quarantine` with its action and the row's child id.
"""

from __future__ import annotations

import json

import pytest

from contract import load_contract
from dagster_project.ingest.nightly import ingest_waiting
from dagster_project.ingest.reading import read_table
from dagster_project.raw_history import connect
from simulator.config import Options
from simulator.la import run_la

# (table, column) -> how many rows the default LA's night carries (issue 12).
NULLED_NOT_DROPPED = {
    ("households", "places_approved"): 8,
    ("visits", "WORKER_ID"): 54,
    ("peps", "upn"): 12,
}


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    out = tmp_path_factory.mktemp("default_la")
    run_la(Options(out=str(out)), out)
    con = connect(out / "raw_history.duckdb")
    for source in load_contract().sources:
        outcomes = ingest_waiting(con, out, source.name)
        assert outcomes and all(o.accepted for o in outcomes), source.name
    manifest = [
        json.loads(line) for line in (out / "_truth" / "defects.jsonl").read_text().splitlines()
    ]
    try:
        yield {"out": out, "con": con, "manifest": manifest}
    finally:
        con.close()


def _table(name: str):
    return next(t for t in load_contract().tables() if t.name == name)


def _file_row(entry: dict) -> int:
    """The manifest counts data rows from 1; the raw history counts file lines or sheet rows."""
    table = _table(entry["table"])
    return entry["row"] + (table.header_row if table.sheet else 1)


def _entries(night, table: str, column: str) -> list[dict]:
    return [e for e in night["manifest"] if e["table"] == table and e["column"] == column]


@pytest.mark.parametrize(("table", "column"), list(NULLED_NOT_DROPPED))
def test_a_fault_in_a_field_no_indicator_needs_keeps_the_row(night, table, column):
    con, t = night["con"], _table(table)
    entries = _entries(night, table, column)
    assert len(entries) == NULLED_NOT_DROPPED[(table, column)]
    for entry in entries:
        row = _file_row(entry)
        kept = con.execute(
            f'select "{column}" from "{t.qualified_name}" where _row_number = ?', [row]
        ).fetchall()
        assert kept == [(None,)], (table, row)
        finding = con.execute(
            "select action, child_id from _quarantine "
            "where table_name = ? and row_number = ? and column_name = ?",
            [table, row, column],
        ).fetchall()
        assert finding == [("field_nulled", entry["child"] or None)], (table, row)


def test_every_foster_household_is_counted(night):
    households = _table("households")
    read = read_table(night["out"] / "fostering" / "2026-10-31", households)
    stored = night["con"].execute("select count(*) from fostering__households").fetchone()[0]
    assert stored == len(read.frame)


def test_child_4266937_keeps_the_episode_with_a_blank_category_of_need(night):
    con = night["con"]
    (entry,) = [e for e in _entries(night, "episodes", "CIN") if e["child"] == "4266937"]
    row = _file_row(entry)
    assert con.execute(
        'select "CHILD", "CIN", "PLACE" is not null from social_care__episodes '
        "where _row_number = ?",
        [row],
    ).fetchall() == [("4266937", None, True)]
    assert con.execute(
        "select action, child_id from _quarantine where table_name = 'episodes' "
        "and row_number = ? and column_name = 'CIN'",
        [row],
    ).fetchall() == [("field_nulled", "4266937")]


def test_an_invalid_placement_code_still_drops_the_episode(night):
    con = night["con"]
    (entry,) = [e for e in _entries(night, "episodes", "PLACE") if e["child"] == "5966065"]
    row = _file_row(entry)
    assert con.execute(
        "select count(*) from social_care__episodes where _row_number = ?", [row]
    ).fetchone() == (0,)
    assert con.execute(
        "select rule, action, child_id from _quarantine where table_name = 'episodes' "
        "and row_number = ?",
        [row],
    ).fetchall() == [("code_list", "row_dropped", "5966065")]


def test_every_finding_says_what_was_done_and_whose_row_it_was(night):
    con = night["con"]
    actions = dict(con.execute("select action, count(*) from _quarantine group by 1").fetchall())
    assert set(actions) == {"field_nulled", "row_dropped"}
    tables_with_child = {t.name for t in load_contract().tables() if t.child_id_column}
    missing = con.execute(
        "select table_name, count(*) from _quarantine where child_id is null group by 1"
    ).fetchall()
    # Only tables without a child column (the fostering tracker) have no child id.
    assert {name for name, _ in missing}.isdisjoint(tables_with_child)
