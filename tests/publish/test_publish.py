"""Publishing by atomic swap: readers keep working, failures change nothing."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dagster_project.publish import PublishError, publish_marts


def make_build_db(path: Path, value: int, extra_sql: str = "") -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create schema staging")
        con.execute(f"create table marts.indicator_values as select {value} as value")
        con.execute("create table staging.children as select '123456' as child_id")
        if extra_sql:
            con.execute(extra_sql)
    return path


def read_value(warehouse: Path) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select value from marts.indicator_values").fetchone()[0]


def test_publish_copies_only_the_marts_schema(tmp_path):
    build = make_build_db(tmp_path / "build.duckdb", 1)
    warehouse = tmp_path / "wh" / "warehouse.duckdb"
    result = publish_marts(build, warehouse, run_id="r1", as_of_date="2024-03-31")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        schemas = {
            r[0] for r in con.execute("select distinct schema_name from duckdb_tables()").fetchall()
        }
        info = con.execute("select run_id, as_of_date::varchar from marts.publish_info").fetchone()
    assert schemas == {"marts"}
    assert info == ("r1", "2024-03-31")
    assert result.tables == {"indicator_values": 1}


def test_reader_holding_the_old_file_keeps_its_view_and_does_not_block(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    publish_marts(make_build_db(tmp_path / "b1.duckdb", 1), warehouse, "r1", None)
    reader = duckdb.connect(str(warehouse), read_only=True)
    try:
        publish_marts(make_build_db(tmp_path / "b2.duckdb", 2), warehouse, "r2", None)
        # The open connection still sees the complete old warehouse ...
        assert reader.execute("select value from marts.indicator_values").fetchone()[0] == 1
    finally:
        reader.close()
    # ... and a new connection sees the complete new one.
    assert read_value(warehouse) == 2


def test_failed_publish_leaves_the_published_file_untouched(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    publish_marts(make_build_db(tmp_path / "b1.duckdb", 1), warehouse, "r1", None)
    before = warehouse.read_bytes()
    leaky = make_build_db(
        tmp_path / "b2.duckdb", 2, "create table marts.leak as select '1' as child_id"
    )
    with pytest.raises(PublishError, match=r"marts\.leak.*child_id"):
        publish_marts(leaky, warehouse, "r2", None)
    assert warehouse.read_bytes() == before
    assert not list(tmp_path.glob(".warehouse.duckdb.*.tmp"))


def test_missing_or_empty_build_is_refused(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with pytest.raises(PublishError, match="does not exist"):
        publish_marts(tmp_path / "nope.duckdb", warehouse, "r1", None)
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(PublishError, match="no marts tables"):
        publish_marts(empty, warehouse, "r1", None)
    assert not warehouse.exists()


def test_exports_repoint_latest_to_the_newest_run(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    exports = tmp_path / "exports"
    publish_marts(make_build_db(tmp_path / "b1.duckdb", 1), warehouse, "r1", None, exports)
    publish_marts(make_build_db(tmp_path / "b2.duckdb", 2), warehouse, "r2", None, exports)
    latest = exports / "latest"
    assert latest.resolve() == (exports / "r2").resolve()
    csv_text = (latest / "indicator_values.csv").read_text()
    assert csv_text.splitlines() == ["value", "2"]
    assert (latest / "indicator_values.parquet").exists()
