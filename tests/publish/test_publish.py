"""Publishing by atomic swap: readers keep working, failures change nothing."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from dagster_project import publish
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


def test_a_build_without_a_single_figure_is_not_published_over_the_last_one(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    publish_marts(make_build_db(tmp_path / "b1.duckdb", 1), warehouse, "r1", None)
    no_figures = make_build_db(tmp_path / "b2.duckdb", 2, "delete from marts.indicator_values")

    with pytest.raises(PublishError, match=r"marts\.indicator_values has no rows"):
        publish_marts(no_figures, warehouse, "r2", None)

    assert read_value(warehouse) == 1


def test_exports_repoint_latest_to_the_newest_run(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    exports = tmp_path / "exports"
    publish_marts(make_build_db(tmp_path / "b1.duckdb", 1), warehouse, "r1", None, exports)
    publish_marts(make_build_db(tmp_path / "b2.duckdb", 2), warehouse, "r2", None, exports)
    latest = exports / "latest"
    assert latest.resolve() == (tmp_path / "runs" / "r2" / "exports").resolve()
    csv_text = (latest / "indicator_values.csv").read_text()
    assert csv_text.splitlines() == ["value", "2"]
    assert (latest / "indicator_values.parquet").exists()


def published_run(warehouse: Path) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select run_id from marts.publish_info").fetchone()[0]


def exported_run(exports: Path) -> str:
    return (exports / "latest" / "publish_info.csv").read_text().splitlines()[1].split(",")[1]


def test_warehouse_and_exports_go_through_one_latest_pointer(tmp_path):
    """Both paths readers open resolve through runs/latest: one switch moves both."""
    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    exports = tmp_path / "exports"
    for run in ("r1", "r2"):
        publish_marts(make_build_db(tmp_path / f"{run}.duckdb", 1), warehouse, run, None, exports)
    pointer = tmp_path / "warehouse" / "runs" / "latest"
    assert pointer.is_symlink() and os.readlink(pointer) == "r2"
    assert warehouse.resolve() == (pointer / "warehouse.duckdb").resolve()
    assert (exports / "latest").resolve() == (pointer / "exports").resolve()
    assert published_run(warehouse) == exported_run(exports) == "r2"


def test_a_publish_killed_before_the_switch_leaves_both_on_the_old_night(tmp_path, monkeypatch):
    warehouse = tmp_path / "warehouse.duckdb"
    exports = tmp_path / "exports"
    publish_marts(make_build_db(tmp_path / "b1.duckdb", 1), warehouse, "r1", None, exports)

    def killed(link, target):  # the process dies at the switch
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(publish, "_repoint", killed)
        with pytest.raises(KeyboardInterrupt):
            publish_marts(make_build_db(tmp_path / "b2.duckdb", 2), warehouse, "r2", None, exports)
    assert published_run(warehouse) == exported_run(exports) == "r1"
    assert read_value(warehouse) == 1
    publish_marts(make_build_db(tmp_path / "b3.duckdb", 3), warehouse, "r3", None, exports)
    assert published_run(warehouse) == exported_run(exports) == "r3"


def test_leftovers_of_killed_publishes_are_removed_at_the_start(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    # the layout before run folders left a temp file per killed publish ...
    old_tmp = tmp_path / ".warehouse.duckdb.dead-run.tmp"
    old_tmp.write_bytes(b"half a warehouse")
    # ... and a killed run folder is left under its unfinished name
    unfinished = tmp_path / "runs" / ".dead-run.tmp"
    (unfinished / "exports").mkdir(parents=True)
    (unfinished / "warehouse.duckdb").write_bytes(b"half a warehouse")
    # ... and a link being swapped in when the process died
    exports = tmp_path / "exports"
    exports.mkdir()
    half_swapped = exports / ".latest.4242.tmp"
    half_swapped.symlink_to("nowhere")
    publish_marts(make_build_db(tmp_path / "b1.duckdb", 1), warehouse, "r1", None, exports)
    assert not old_tmp.exists()
    assert not half_swapped.is_symlink()
    assert not unfinished.exists()
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == ["latest", "r1"]


def test_the_layout_before_run_folders_becomes_the_links(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    make_build_db(warehouse, 0)  # a plain file, as published before run folders
    exports = tmp_path / "exports"
    (exports / "old-run").mkdir(parents=True)  # with exports/latest -> old-run
    (exports / "latest").symlink_to("old-run")
    publish_marts(make_build_db(tmp_path / "b1.duckdb", 1), warehouse, "r1", None, exports)
    assert warehouse.is_symlink()
    assert read_value(warehouse) == 1
    assert sorted(p.name for p in exports.iterdir()) == ["latest"]
    assert exported_run(exports) == "r1"


def test_old_runs_are_pruned_and_a_retried_run_gets_its_own_folder(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    build = make_build_db(tmp_path / "b.duckdb", 1)
    for night in range(publish.KEPT_RUNS + 2):
        publish_marts(build, warehouse, f"r{night}", None)
    publish_marts(build, warehouse, f"r{publish.KEPT_RUNS + 1}", None)  # the step retried
    runs = {p.name for p in (tmp_path / "runs").iterdir()} - {"latest"}
    assert len(runs) == publish.KEPT_RUNS
    assert os.readlink(tmp_path / "runs" / "latest") == f"r{publish.KEPT_RUNS + 1}-2"
    assert f"r{publish.KEPT_RUNS + 1}" in runs and "r0" not in runs


def test_paths_with_an_apostrophe_and_a_space_publish(tmp_path):
    """Paths reach SQL as parameters: a folder named like a person's is no SQL."""
    root = tmp_path / "O'Brien's data dir"
    root.mkdir()
    build = make_build_db(root / "build db.duckdb", 7)
    warehouse = root / "ware house" / "warehouse.duckdb"
    exports = root / "ex'ports"
    publish_marts(build, warehouse, "r1", None, exports)
    assert read_value(warehouse) == 7
    assert (exports / "latest" / "indicator_values.csv").read_text().splitlines() == ["value", "7"]
