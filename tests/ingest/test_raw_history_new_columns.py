"""A raw history made before a column joined the contract gains that column."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from dagster_project import raw_history
from dagster_project.row_versions import NIGHTS_DDL


def test_an_older_raw_table_gains_the_contracts_new_columns(tmp_path):
    path = tmp_path / "raw.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema row_versions")
    con.execute(NIGHTS_DDL)
    con.execute(
        'create table row_versions.social_care__visits ("VISIT_ID" varchar, "CHILD" varchar, '
        "_row_hash ubigint, _copy bigint, _valid_from date, _valid_to date, _row_number bigint)"
    )
    con.execute(
        "insert into row_versions.social_care__visits values "
        "('V1', 'C1', 1, 1, date '2024-04-01', null, 1)"
    )
    con.execute(
        "insert into row_versions._nights values "
        "('social_care__visits', date '2024-04-01', 'visits.csv', 1)"
    )
    con.close()
    con = raw_history.connect(path)
    columns = [
        r[0]
        for r in con.execute(
            "select column_name from information_schema.columns "
            "where table_name = 'social_care__visits' and table_schema = 'main'"
        ).fetchall()
    ]
    assert "SIBLING_GROUP_ID" in columns and "RECORDED_AT" in columns
    assert con.execute(
        'select "VISIT_ID", "SIBLING_GROUP_ID", _extract_date from social_care__visits'
    ).fetchall() == [("V1", None, dt.date(2024, 4, 1))]
    con.close()


def test_a_raw_history_of_snapshots_is_refused_naming_the_migration(tmp_path):
    path = tmp_path / "raw.duckdb"
    con = duckdb.connect(str(path))
    con.execute('create table social_care__visits ("VISIT_ID" varchar, _extract_date date)')
    con.close()
    with pytest.raises(raw_history.SnapshotHistory, match="make migrate-raw-history"):
        raw_history.connect(path)
