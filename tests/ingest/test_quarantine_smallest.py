"""Quarantine the smallest thing: null a field no indicator needs, drop a row only when it must.

Hand-made drops with one kind of fault each, ingested into a real raw
history; `_quarantine` records each finding with its action and the row's
child id (the raw history is never published).
"""

from __future__ import annotations

import duckdb

from contract import load_contract
from dagster_project.ingest.discovery import waiting_drops
from dagster_project.ingest.pipeline import ingest_drop
from dagster_project.raw_history import connect
from tests.ingest.drops import make_rows, write_drop

N = 100  # 1 dropped row is 1%, under the 2% threshold


def _ingest(landing, con, source):
    (drop,) = waiting_drops(landing, con, source)
    outcome = ingest_drop(con, drop)
    assert outcome.accepted, outcome.reason
    return outcome


def _table(source, name):
    return load_contract().source(source).table(name)


def test_social_care_findings_null_fields_or_drop_rows(landing, con):
    visits, episodes = _table("social_care", "visits"), _table("social_care", "episodes")
    visit_rows = make_rows(visits, N)
    for i in (3, 4, 5):
        visit_rows[i]["WORKER_ID"] = None  # no indicator reads the visiting worker
    episode_rows = make_rows(episodes, N)
    episode_rows[10]["CIN"] = None  # category of need: no indicator reads it
    episode_rows[20]["PLACE"] = "ZZ"  # placement type: the cohort needs it
    write_drop(landing, "social_care", n=N, rows={"visits": visit_rows, "episodes": episode_rows})
    outcome = _ingest(landing, con, "social_care")

    v, e = outcome.tables["visits"], outcome.tables["episodes"]
    assert (v.rows_accepted, v.rows_quarantined, v.fields_nulled) == (N, 0, 3)
    assert (e.rows_accepted, e.rows_quarantined, e.fields_nulled) == (N - 1, 1, 1)
    assert {f["column"]: f["action"] for f in e.failed_rules} == {
        "CIN": "field_nulled",
        "PLACE": "row_dropped",
    }
    assert con.execute(
        'select count(*), count("WORKER_ID") from social_care__visits'
    ).fetchone() == (N, N - 3)
    # The episode with a blank category of need is kept, everything else in it intact.
    kept = con.execute(
        'select "CIN", "PLACE", "LS" from social_care__episodes where _row_number = 12'
    ).fetchone()
    assert kept == (None, "A3", "C1")
    assert con.execute(
        "select count(*) from social_care__episodes where _row_number = 22"
    ).fetchone() == (0,)
    findings = con.execute(
        "select table_name, row_number, column_name, rule, action, child_id from _quarantine "
        "order by table_name, row_number"
    ).fetchall()
    assert findings == [
        ("episodes", 12, "CIN", "mandatory", "field_nulled", "PIICHIL00010"),
        ("episodes", 22, "PLACE", "code_list", "row_dropped", "PIICHIL00020"),
        ("visits", 5, "WORKER_ID", "mandatory", "field_nulled", "PIICHIL00003"),
        ("visits", 6, "WORKER_ID", "mandatory", "field_nulled", "PIICHIL00004"),
        ("visits", 7, "WORKER_ID", "mandatory", "field_nulled", "PIICHIL00005"),
    ]
    # _extract_log counts the rows dropped, not the fields nulled.
    logged = dict(
        con.execute(
            "select table_name, rows_quarantined from _extract_log "
            "where table_name in ('visits', 'episodes')"
        ).fetchall()
    )
    assert logged == {"visits": 0, "episodes": 1}


def test_spreadsheet_error_in_places_approved_keeps_the_household(landing, con):
    households = _table("fostering", "households")
    rows = make_rows(households, N)
    rows[6]["places_approved"] = "#REF!"  # spreadsheet row 9 (title row 1, header row 2)
    rows[7]["household_id"] = "#REF!"  # row 10: which household is unknown, dropped
    write_drop(landing, "fostering", n=N, rows={"households": rows})
    outcome = _ingest(landing, con, "fostering")
    h = outcome.tables["households"]
    assert (h.rows_accepted, h.rows_quarantined, h.fields_nulled) == (N - 1, 1, 1)
    assert con.execute(
        "select places_approved, approval_date is not null from fostering__households "
        "where _row_number = 9"
    ).fetchone() == (None, True)
    assert con.execute(
        "select row_number, column_name, action, child_id from _quarantine order by row_number"
    ).fetchall() == [
        (9, "places_approved", "field_nulled", None),  # no child column in this table
        (10, "household_id", "row_dropped", None),
    ]


def test_blank_upn_keeps_the_pep(landing, con):
    peps = _table("virtual_school", "peps")
    rows = make_rows(peps, N)
    for i in range(12):  # 12%: nulled fields never count towards rejecting the drop
        rows[i]["upn"] = None
    write_drop(landing, "virtual_school", n=N, rows={"peps": rows})
    outcome = _ingest(landing, con, "virtual_school")
    p = outcome.tables["peps"]
    assert (p.rows_accepted, p.rows_quarantined, p.fields_nulled) == (N, 0, 12)
    assert con.execute(
        "select count(*), count(*) filter (action = 'field_nulled'), count(distinct child_id) "
        "from _quarantine"
    ).fetchone() == (12, 12, 12)


def test_an_old_raw_history_gains_action_and_child_id(tmp_path):
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute(
        "create table _quarantine (source varchar not null, table_name varchar not null, "
        "extract_date date not null, file_name varchar not null, row_number bigint not null, "
        "column_name varchar not null, rule varchar not null, "
        "quarantined_at timestamp not null default current_timestamp)"
    )
    old.execute(
        "insert into _quarantine (source, table_name, extract_date, file_name, row_number, "
        "column_name, rule) values ('social_care', 'episodes', '2024-04-01', 'episodes.csv', "
        "7, 'CIN', 'mandatory')"
    )
    old.close()
    for _ in range(2):  # the migration runs on every connect and changes nothing twice
        con = connect(path)
        rows = con.execute("select row_number, action, child_id from _quarantine").fetchall()
        con.close()
        assert rows == [(7, "row_dropped", None)]
