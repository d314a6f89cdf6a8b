"""Defective episode records, end to end through dbt on a hand-made raw
history: the published figures survive them, and say how much rests on them.

Each child reproduces a case from the simulated LA (default seed, night
2026-10-31). The raw `_quarantine` table carries the ingest's `action` and
`child_id` columns, as the ingest records them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from dagster_project import raw_history
from tests.dbt.test_dbt_project import _insert, run_dbt_build

EXTRACT = dt.date(2024, 7, 2)
TS = dt.datetime


def child(child_id: str, dob: dt.date) -> dict:
    return {"CHILD": child_id, "SEX": "1", "DOB": dob, "ETHNIC": "WBRI", "UASC": False,
            "RECORDED_AT": TS(2010, 1, 1)}  # fmt: skip


def episode(child_id, start, rne, place, end=None, rec=None, urn=None, post=None, recorded=None):
    return {"CHILD": child_id, "DECOM": start, "RNE": rne, "LS": "C2", "CIN": "N1",
            "PLACE": place, "PLACE_PROVIDER": "PR4", "DEC": end, "REC": rec, "URN": urn,
            "PL_POST": post, "RECORDED_AT": recorded or TS(2024, 6, 30)}  # fmt: skip


@pytest.fixture
def defective_raw_db(tmp_path) -> Path:
    raw_db = tmp_path / "raw" / "raw_history.duckdb"
    con = raw_history.connect(raw_db)
    # the ingest side's columns (a raw history made before them lacks them)
    con.execute("alter table _quarantine add column if not exists action varchar")
    con.execute("alter table _quarantine add column if not exists child_id varchar")
    d = dt.date
    header = [
        child("4885451", d(2012, 1, 1)),
        child("1088121", d(2008, 4, 12)),
        child("4266937", d(2012, 1, 1)),
        child("1779411", d(2012, 1, 1)),
    ]
    episodes = [
        # copied end date: the first period really ended on 4 March 2023
        episode(
            "4885451", d(2022, 10, 25), "S", "U6", d(2024, 5, 23), "E4A", recorded=TS(2023, 3, 5)
        ),
        episode(
            "4885451", d(2023, 12, 8), "S", "U6", d(2024, 5, 23), "E48", recorded=TS(2024, 5, 24)
        ),
        # a start before birth
        episode("1088121", d(2007, 11, 24), "S", "H5", d(2024, 3, 12), "X1"),
        episode("1088121", d(2024, 3, 12), "L", "H5"),
        # the open episode was quarantined at ingest: the chain ends X1
        episode("4266937", d(2023, 7, 13), "S", "U6", d(2024, 2, 3), "X1"),
        # temporary placement and the return to the same carer under U4
        episode("1779411", d(2023, 2, 14), "S", "U6", d(2024, 2, 9), "X1", "9001258", "ZZ99 6HP"),
        episode("1779411", d(2024, 2, 9), "P", "T4", d(2024, 2, 16), "X1"),
        episode("1779411", d(2024, 2, 16), "P", "U4", None, None, "9001258", "ZZ99 6HP"),
    ]
    population = [{"la_code": "999", "mid_year": 2023, "population_0_17": 50000}]
    _insert(con, "social_care__header", header, EXTRACT)
    _insert(con, "social_care__episodes", episodes, EXTRACT)
    _insert(con, "population__population", population, EXTRACT)
    # 1779411's last visit before 30 June 2024: overdue only if the return
    # from the temporary placement had restarted the placement (6-week rule)
    visit = {"VISIT_ID": "V1", "CHILD": "1779411", "VISIT_DATE": d(2024, 4, 20),
             "SEEN_ALONE": True, "WORKER_ID": "W1", "RECORDED_AT": TS(2024, 4, 21)}  # fmt: skip
    _insert(con, "social_care__visits", [visit], EXTRACT)
    con.execute(
        "insert into _quarantine (source, table_name, extract_date, file_name, row_number,"
        " column_name, rule, action, child_id) values"
        " ('social_care', 'episodes', ?, 'episodes.csv', 9, 'CIN', 'mandatory', 'row_dropped',"
        " '4266937'),"
        " ('fostering', 'households', ?, 'fostering_tracker.xlsx', 3, 'places_approved',"
        " 'integer', 'field_nulled', null)",
        [EXTRACT, EXTRACT],
    )
    con.close()
    return raw_db


def test_defective_records_are_repaired_quarantined_and_counted(tmp_path, defective_raw_db):
    result, build_db = run_dbt_build(
        tmp_path,
        defective_raw_db,
        "--exclude-resource-type",
        "unit_test",
        as_of_date="2024-07-02",
        history_start="2023-01-31",
    )
    assert result.returncode == 0, result.stdout[-4000:]

    with duckdb.connect(str(build_db), read_only=True) as con:
        looked_after = dict(
            con.execute(
                "select period_end::varchar, numerator from marts.indicator_values"
                " where indicator_id = 'lac_count' and period_type = 'month'"
            ).fetchall()
        )
        ceased = con.execute(
            "select period_end::varchar, numerator from marts.indicator_values"
            " where indicator_id = 'lac_ceased_count' and period_type = 'month' and numerator > 0"
            " order by period_end"
        ).fetchall()
        quality = {
            (r[0], r[1], r[2]): (r[3], r[4])
            for r in con.execute(
                "select table_name, rule, action, records, children from marts.data_quality"
            ).fetchall()
        }
        affected = dict(
            con.execute(
                "select period_end::varchar, children_affected_by_defects"
                " from marts.indicator_values"
                " where indicator_id = 'lac_count' and period_type = 'month'"
            ).fetchall()
        )
        visits_up_to_date = con.execute(
            "select numerator from marts.indicator_values where indicator_id = 'lac_visits_nms_pct'"
            " and period_type = 'month' and period_end = date '2024-06-30'"
        ).fetchone()[0]
        placements = con.execute(
            "select count(*) from main.int_placements where child_id = '1779411'"
        ).fetchone()[0]

    # 4885451 left on (about) 4 March 2023, not 23 May 2024: out of care from
    # March to November 2023; 1088121 counted only from 12 March 2024, not
    # since 2007; 4266937 still looked after after the X1 on 3 February 2024.
    assert looked_after["2023-02-28"] == 2  # 4885451 and 1779411, not 1088121
    assert looked_after["2023-03-31"] == 1  # 1779411
    assert looked_after["2023-12-31"] == 3  # 1779411, 4266937, 4885451 again
    assert looked_after["2024-06-30"] == 3  # 1088121, 4266937, 1779411
    # one cessation each period of 4885451, and no phantom one for 4266937
    assert ceased == [("2023-03-31", 1), ("2024-05-31", 1)]
    assert quality[("episodes", "end_after_next_episode_start", "repaired")] == (1, 1)
    assert quality[("episodes", "starts_before_birth", "quarantined_sequence")] == (1, 1)
    assert quality[("episodes", "chain_held_open_after_x1", "repaired")] == (1, 1)
    assert quality[("episodes", "mandatory:CIN", "row_dropped")] == (1, 1)
    assert quality[("households", "integer:places_approved", "field_nulled")] == (1, 0)
    # at 30 June 2024: 4266937 (held open, its row dropped) and 1088121 (quarantined start)
    assert affected["2024-06-30"] == 2
    # 1779411 returned to carer 9001258 from a temporary placement: one placement
    assert placements == 1
    # ... so it is not overdue for a visit at 30 June 2024 (12-week rule after
    # the placement's first year); the other two children have no visits
    assert visits_up_to_date == 1
