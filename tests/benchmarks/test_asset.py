"""The dfe_benchmarks asset loads new drops, skips unchanged ones, and fails
its warning check on a malformed drop without losing what is loaded."""

from __future__ import annotations

import dagster as dg
import duckdb

from dagster_project.assets.benchmark_assets import BENCHMARK_ASSETS, dfe_benchmarks
from dagster_project.resources import LacSettings, pipeline_resources
from tests.benchmarks.handmade import write_handmade_releases


def _count(raw_db) -> int:
    con = duckdb.connect(str(raw_db), read_only=True)
    try:
        return con.execute("select count(*) from dfe__values").fetchone()[0]
    finally:
        con.close()


def _metadata(result) -> dict:
    events = result.asset_materializations_for_node("dfe_benchmarks")
    # One materialisation per raw/dfe/<table> key: the dbt sources' asset keys.
    assert sorted(e.asset_key.to_user_string() for e in events) == [
        "raw/dfe/la_code_changes",
        "raw/dfe/releases",
        "raw/dfe/statistical_neighbours",
        "raw/dfe/values",
    ]
    return {k: v.value for k, v in events[0].metadata.items()}


def test_asset_loads_new_releases_only(tmp_path):
    folder = write_handmade_releases(tmp_path / "drop")
    raw_db = tmp_path / "raw" / "raw.duckdb"
    resources = pipeline_resources(
        LacSettings(data_dir=str(tmp_path), dfe_dir=str(folder), raw_db_path=str(raw_db))
    )
    assert [dfe_benchmarks] == BENCHMARK_ASSETS

    first = dg.materialize([dfe_benchmarks], resources=resources)
    assert first.success
    assert [c.passed for c in first.get_asset_check_evaluations()] == [True]
    meta = _metadata(first)
    assert set(meta["files_loaded"]) == {
        "la_cla_placement_stability.csv",
        "la_cla_placement_stability_2023.csv",
        "la_conviction_health_outcome_cla.csv",
        "sn_model_2025_wide.csv",
    }
    assert meta["years_covered"] == "2021-2023"
    rows = _count(raw_db)
    assert rows == meta["dfe_values_rows"] > 0

    second = dg.materialize([dfe_benchmarks], resources=resources)
    assert second.success
    assert _metadata(second)["files_unchanged"] == 4
    assert _metadata(second)["files_loaded"] == {}

    (folder / "la_cla_placement_stability_2024.csv").write_text(
        "time_period,geographic_level,children_percent\n2024,National,50\n"
    )
    third = dg.materialize([dfe_benchmarks], resources=resources)
    # The run goes on (the warehouse must still publish); the warning check fails.
    assert third.success
    [check] = third.get_asset_check_evaluations()
    assert check.check_name == "dfe_releases_accepted"
    assert not check.passed
    message = check.description
    assert "la_cla_placement_stability_2024.csv" in message
    assert "missing columns" in message
    assert _count(raw_db) == rows
