"""The ingest assets in Dagster: checks, metadata, blocking, and no PII anywhere.

One in-process materialisation per scenario on a temporary landing zone:
good drops of every source (the lag check warns, the run goes on), a night
with no new drop (nothing fails, downstream still runs), and a bad social
care drop (the blocking gate fails, nothing is written, downstream does not
run).
"""

from __future__ import annotations

import datetime as dt
import re

import dagster as dg
import pytest

from contract import load_contract
from dagster_project.assets.ingest_assets import build_ingest_assets, check_name, table_key
from dagster_project.assets.lag_check import LAG_CHECK_NAME, LAG_CHECKS
from dagster_project.raw_history import connect
from dagster_project.resources import LacSettings, pipeline_resources
from tests.ingest.drops import DOB, EXTRACT_DATE, make_rows, raw_snapshot, write_drop

N = 10
EPISODES = table_key(load_contract().source("social_care").table("episodes"))
HOUSEHOLDS = table_key(load_contract().source("fostering").table("households"))
ran: list[str] = []


@dg.asset(deps=[HOUSEHOLDS])
def downstream_of_households() -> None:
    """Stands in for dbt staging: records that it ran."""
    ran.append("downstream")


@pytest.fixture
def env(tmp_path):
    ran.clear()
    return tmp_path


def _resources(root) -> dict:
    """The assets' resources, pointed at this test's folders (no environment involved)."""
    return pipeline_resources(
        LacSettings(
            data_dir=str(root / "data"),
            landing_dir=str(root / "landing"),
            raw_db_path=str(root / "raw.duckdb"),
        )
    )


INSTANCE = dg.DagsterInstance.ephemeral()


def _materialize(root):
    assets = build_ingest_assets()
    return dg.materialize(
        [*assets, *LAG_CHECKS, downstream_of_households],
        instance=INSTANCE,
        raise_on_error=False,
        resources=_resources(root),
    )


def _lagging_health_drops(landing):
    """Health knows 10 completed assessments from February; the case system has 5."""
    health = load_contract().source("health").table("assessments")
    h_rows = make_rows(health, N)
    for i, r in enumerate(h_rows):
        r["assessment_date"] = dt.date(2024, 2, 1) + dt.timedelta(days=i)
    social = load_contract().source("social_care").table("health_assessments")
    s_rows = make_rows(social, N)[: N // 2]
    for h, s in zip(h_rows, s_rows, strict=False):
        s["CHILD"], s["ASSESSMENT_TYPE"] = h["child_id"], h["assessment_type"]
        s["ASSESSMENT_DATE"] = h["assessment_date"]
        s["RECORDED_AT"] = dt.datetime.combine(h["assessment_date"], dt.time(12))
    write_drop(landing, "health", EXTRACT_DATE, n=N, rows={"assessments": h_rows})
    return {"health_assessments": s_rows}


def _all_text(result) -> str:
    """Every check's and materialisation's metadata, every log line and failure."""
    parts = []
    for ev in result.get_asset_check_evaluations():
        parts.append(repr({k: getattr(v, "value", v) for k, v in ev.metadata.items()}))
    for ev in result.get_asset_materialization_events():
        md = ev.event_specific_data.materialization.metadata
        parts.append(repr({k: getattr(v, "value", v) for k, v in md.items()}))
    # Every log line of the run, context.log warnings included.
    parts += [entry.user_message for entry in INSTANCE.all_logs(result.run_id)]
    for ev in result.all_events:
        if ev.is_step_failure:
            parts.append(repr(ev.event_specific_data.error))
    return "\n".join(parts)


def _assert_no_pii(text: str):
    assert not re.search(r"PII\w+", text), re.search(r"PII\w+", text)
    assert DOB.strftime("%d/%m/%Y") not in text and DOB.isoformat() not in text


def test_good_drops_then_no_drop_then_bad_drop(env):
    landing = env / "landing"
    social_rows = _lagging_health_drops(landing)
    write_drop(landing, "social_care", EXTRACT_DATE, n=N, rows=social_rows)
    write_drop(landing, "fostering", EXTRACT_DATE, n=N)
    # virtual_school and population drop nothing tonight (GX time is per
    # table, so the test lands only the sources it asserts on).

    # Night 1: the sources that dropped are accepted, the others report "no
    # new drop"; the lag check has no baseline yet, so it stays quiet and says so.
    result = _materialize(env)
    assert result.success
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert len(checks) == 25
    for table in load_contract().tables():
        ev = checks[check_name(table)]
        assert ev.passed, ev.metadata
        dropped = table.source in ("social_care", "health", "fostering")
        assert ev.metadata["status"].value == ("accepted" if dropped else "no new drop")
        assert ev.metadata["source"].value == table.source
    ep = checks["gx_social_care__episodes"].metadata
    assert (ep["rows_read"].value, ep["rows_quarantined"].value) == (N, 0)
    assert ep["file"].value == "episodes.csv"
    lag = checks[LAG_CHECK_NAME]
    assert lag.passed and lag.severity == dg.AssetCheckSeverity.WARN
    assert lag.metadata["abnormal_record_types"].value == []
    # every social care record type measured (PEPs: no Virtual School drop yet)
    assert set(lag.metadata["record_types_without_baseline"].value) == {
        "health_assessments",
        "dental_checks",
        "initial_health_assessments",
        "reviews",
        "visits",
        "episodes",
    }
    mats = {
        e.asset_key: e.event_specific_data.materialization.metadata
        for e in result.get_asset_materialization_events()
        if e.asset_key.path[0] == "raw"
    }
    assert len(mats) == 24  # no new drop still reports each asset
    ep_md = mats[EPISODES]
    assert ep_md["rows_accepted"].value == N and len(ep_md["sha256"].value) == 64
    assert ep_md["extract_date"].value == EXTRACT_DATE.isoformat()
    assert "RECORDED_AT - DECOM" in ep_md["recording_lag"].value
    assert ran == ["downstream"]
    _assert_no_pii(_all_text(result))

    # Night 2: nothing new. Not a failure; downstream runs on what is there.
    ran.clear()
    result = _materialize(env)
    assert result.success
    statuses = {
        e.metadata["status"].value
        for e in result.get_asset_check_evaluations()
        if e.check_name != LAG_CHECK_NAME
    }
    assert statuses == {"no new drop"}
    assert ran == ["downstream"]

    # Night 3: a fostering tracker with unknown carer types in 3 of 10
    # approvals (30%, over the 2% that can be quarantined; the approvals
    # indicators need the carer type, so each bad row is dropped).
    con = connect(env / "raw.duckdb")
    before = raw_snapshot(con)
    con.close()
    approvals = load_contract().source("fostering").table("approvals")
    rows = make_rows(approvals, N)
    for r in rows[:3]:
        r["carer_type"] = "AGENCY"
    write_drop(
        landing, "fostering", EXTRACT_DATE + dt.timedelta(days=7), n=N, rows={"approvals": rows}
    )
    ran.clear()
    result = _materialize(env)
    assert not result.success
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    failed = checks["gx_fostering__approvals"]
    assert not failed.passed and failed.severity == dg.AssetCheckSeverity.ERROR
    md = {k: getattr(v, "value", v) for k, v in failed.metadata.items()}
    assert (md["source"], md["table"], md["file"]) == (
        "fostering",
        "approvals",
        "fostering_tracker.xlsx",
    )
    # Spreadsheet rows: title in row 1, header in row 2, data from row 3.
    rules = {(r["rule"], r["column"]): r for r in md["failed_rules"]}
    assert rules[("code_list", "carer_type")]["rows"] == 3
    assert rules[("code_list", "carer_type")]["first_rows"] == [3, 4, 5]
    assert failed.metadata["rows_read"].value == N
    assert failed.metadata["rows_quarantined"].value == 3
    assert checks["gx_fostering__households"].passed  # its own rules held
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert not any(k.path[1] == "fostering" for k in materialized)
    assert ran == []  # blocked: the step failed, downstream never started
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "fostering_tracker.xlsx sheet Approvals" in failure.event_specific_data.error.message
    assert "column carer_type row 3, 4, 5" in failure.event_specific_data.error.message
    con = connect(env / "raw.duckdb")
    assert raw_snapshot(con) == before
    con.close()
    text = _all_text(result)
    assert "ingesting fostering drop" in text  # the log lines are in what is searched
    _assert_no_pii(text)
    assert "AGENCY" not in text


def test_good_drop_then_bad_drop_in_one_run(env):
    """The good earlier drop is written and recorded; the bad one fails the run."""
    landing = env / "landing"
    write_drop(landing, "population", EXTRACT_DATE, n=3)
    bad = write_drop(landing, "population", EXTRACT_DATE + dt.timedelta(days=1), n=3)
    (bad / "population.csv").write_bytes(b"")
    population = [a for a in build_ingest_assets() if a.op.name == "ingest_population"]
    result = dg.materialize(population, raise_on_error=False, resources=_resources(env))
    assert not result.success
    (check,) = result.get_asset_check_evaluations()
    assert not check.passed
    assert check.metadata["failed_rules"].value[0]["rule"] == "empty_file"
    (mat,) = result.get_asset_materialization_events()
    md = mat.event_specific_data.materialization.metadata
    assert md["extract_date"].value == EXTRACT_DATE.isoformat()
    con = connect(env / "raw.duckdb")
    logged = con.execute("select extract_date, status from _extract_log order by 1").fetchall()
    con.close()
    assert logged == [(EXTRACT_DATE, "accepted"), (EXTRACT_DATE + dt.timedelta(days=1), "rejected")]
