"""One raw history holds one council: anything else is a clear error, never a quiet success.

Two ways a second council used to slip through with exit code 0: its drops
put in the first council's data folder (the extract log is keyed by source
and date, so a drop of a logged date was taken as "no new drop" and the
first council's figures published under the second council's code), and a
landing folder laid out per council (`<la_code>/<source>/<date>/`, as the
simulator writes with `--las`), which published an empty warehouse.
"""

from __future__ import annotations

import subprocess
import sys

import dagster as dg
import pytest

from dagster_project.assets.council_partitions import COUNCILS_PARTITIONS_NAME
from dagster_project.assets.ingest_assets import build_ingest_assets
from dagster_project.ingest.council import CouncilMismatch, check_single_council_layout
from dagster_project.ingest.nightly import ingest_waiting
from dagster_project.raw_history import connect
from dagster_project.resources import LacSettings, pipeline_resources
from tests.ingest.drops import EXTRACT_DATE, make_rows, raw_snapshot, write_drop
from tests.support.dbt_cli import REPO_ROOT

ran: list[str] = []


def _extract_log(con) -> list[tuple]:
    return sorted(con.execute("select * exclude (ingested_at) from _extract_log").fetchall())


def test_a_second_councils_drop_of_a_logged_date_is_refused(landing, con):
    write_drop(landing, "social_care", EXTRACT_DATE)
    [first] = ingest_waiting(con, landing, "social_care", la_code="999")
    assert first.status == "accepted"
    before, log_before = raw_snapshot(con), _extract_log(con)

    # Council 123's drop of the same date lands in the same folder, and the
    # run is configured for council 123.
    write_drop(landing, "social_care", EXTRACT_DATE, n=7)
    with pytest.raises(CouncilMismatch) as refused:
        ingest_waiting(con, landing, "social_care", la_code="123")
    message = str(refused.value)
    assert "holds council 999's drops" in message
    assert "configured for council 123 (LAC_LA_CODE)" in message
    assert "A raw history holds one council" in message
    assert "LAC_DATA_DIR" in message
    assert raw_snapshot(con) == before
    assert _extract_log(con) == log_before


def test_an_older_raw_history_is_known_by_its_population_rows(landing, con):
    # Written without the council check, as before `_council` was kept.
    write_drop(landing, "population", EXTRACT_DATE)
    [first] = ingest_waiting(con, landing, "population")
    assert first.status == "accepted"
    before = raw_snapshot(con)
    with pytest.raises(CouncilMismatch, match="holds council 999's drops"):
        ingest_waiting(con, landing, "population", la_code="123")
    assert raw_snapshot(con) == before
    # The council it holds carries on.
    assert ingest_waiting(con, landing, "population", la_code="999") == []


def test_a_population_drop_of_another_council_is_rejected(landing, con):
    rows = make_rows(_population_table(), 3)
    for row in rows:
        row["la_code"] = "123"
    write_drop(landing, "population", EXTRACT_DATE, n=3, rows={"population": rows})
    [outcome] = ingest_waiting(con, landing, "population", la_code="999")
    assert outcome.status == "rejected"
    assert "population.csv column la_code" in outcome.reason
    assert "no row carries the configured council's LA code (LAC_LA_CODE=999)" in outcome.reason
    assert "(it holds 123)" in outcome.reason
    assert outcome.tables["population"].failed_rules[0]["rule"] == "foreign_la_code"
    assert con.execute("select count(*) from population__population").fetchone()[0] == 0
    statuses = con.execute("select distinct status from _extract_log").fetchall()
    assert statuses == [("rejected",)]


def test_other_councils_rows_beside_its_own_are_accepted(landing, con):
    # An ONS population file covers every LA: staging keeps the council's own.
    rows = make_rows(_population_table(), 3)
    rows[1]["la_code"] = "123"
    write_drop(landing, "population", EXTRACT_DATE, n=3, rows={"population": rows})
    [outcome] = ingest_waiting(con, landing, "population", la_code="999")
    assert outcome.status == "accepted", outcome.reason


def _population_table():
    from contract import load_contract

    return load_contract().source("population").table("population")


@dg.asset(deps=[dg.AssetKey(["raw", "social_care", "episodes"])])
def downstream_of_episodes() -> None:
    """Stands in for dbt and publishing: records that it ran."""
    ran.append("downstream")


def _simulate_two_councils(out) -> None:
    subprocess.run(
        [
            *(sys.executable, "-m", "simulator", "--out", str(out), "--las", "800,801"),
            *("--population", "3000", "--no-truth", "--workers", "1"),
        ],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )


def test_a_multi_council_landing_folder_is_ingested_per_council_partition(tmp_path):
    ran.clear()
    landing = tmp_path / "landing"
    _simulate_two_councils(landing)
    raw_db = tmp_path / "raw.duckdb"
    settings = LacSettings(
        data_dir=str(tmp_path / "data"), landing_dir=str(landing), raw_db_path=str(raw_db)
    )
    resources = pipeline_resources(settings)
    instance = dg.DagsterInstance.ephemeral()
    assets = [*build_ingest_assets(), downstream_of_episodes]
    # Without a partition nobody can say which council a step is for: refused.
    result = dg.materialize(assets, instance=instance, raise_on_error=False, resources=resources)
    assert not result.success
    failures = [e for e in result.all_events if e.is_step_failure]
    assert len(failures) == 5  # every source refuses, none reads a drop
    text = repr(failures[0].event_specific_data.error)
    assert "holds 2 councils (<la_code>/<source>/<date>/)" in text
    assert "its own partition of the councils partitions" in text
    assert ran == []
    assert result.get_asset_materialization_events() == []
    assert not raw_db.exists()

    # Council 800's partition reads 800's folder into 800's own raw history.
    instance.add_dynamic_partitions(COUNCILS_PARTITIONS_NAME, ["800", "801"])
    population = [a for a in assets if a.node_def.name == "ingest_population"]
    result = dg.materialize(population, instance=instance, resources=resources, partition_key="800")
    assert result.success
    council_raw = settings.settings.data_dir / "raw" / "councils" / "800" / "raw_history.duckdb"
    with connect(council_raw) as con:
        assert con.execute("select la_code from _council").fetchall() == [("800",)]
        assert con.execute("select count(*) from population__population").fetchone()[0] > 0
    assert not raw_db.exists()
    assert not (council_raw.parent.parent / "801").exists()

    # Handed the whole landing folder as one council's, ingest itself still refuses.
    with pytest.raises(CouncilMismatch, match="holds 2 council folder"):
        check_single_council_layout(landing, "800")
    check_single_council_layout(landing / "800", "800")
