"""A raw history made before a column joined the contract gains that column."""

from __future__ import annotations

import duckdb

from dagster_project import raw_history


def test_an_older_raw_table_gains_the_contracts_new_columns(tmp_path):
    path = tmp_path / "raw.duckdb"
    con = duckdb.connect(str(path))
    con.execute('create table social_care__visits ("VISIT_ID" varchar, "CHILD" varchar)')
    con.execute("insert into social_care__visits values ('V1', 'C1')")
    con.close()
    con = raw_history.connect(path)
    columns = [
        r[0]
        for r in con.execute(
            "select column_name from information_schema.columns "
            "where table_name = 'social_care__visits'"
        ).fetchall()
    ]
    assert "SIBLING_GROUP_ID" in columns and "RECORDED_AT" in columns
    assert con.execute('select "SIBLING_GROUP_ID" from social_care__visits').fetchall() == [(None,)]
    con.close()
