"""Two councils in one warehouse, through `python -m dagster_project run`'s code path.

Two small simulated councils land in the multi-council layout
(`<la_code>/<source>/<date>/`). The first night each is ingested in its own
partition into its own raw history, then one build publishes both. On the
second night council B's social care drop is broken (a header-only
episodes.csv): B's partition fails, A's does not, the build still runs, A
publishes, B keeps its previous figures, and the alert names council B.
Run by `make test-councils`, not `make test`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from dagster_project.alerts.run_sensors import slack_on_run_failure
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.assets.council_partitions import COUNCILS_PARTITIONS_NAME
from dagster_project.council_night import run_council_night
from dagster_project.resources import LacSettings
from tests.support.fake_slack import VALID_TOKEN, FakeSlack
from tests.support.sensors import run_failure_context

A, B = "801", "802"
AS_OF = "2024-03-31"
NEXT_NIGHT = "2024-04-01"
# The smallest councils the simulator makes (it keeps every LA at 10,000
# children or more) over one financial year: every indicator has a month.
SIM_ARGS = [
    *("--las", f"{A},{B}", "--population", "3000", "--start", "2023-04-01", "--end", AS_OF),
    *("--seed", "7", "--clean", "--no-truth", "--workers", "1"),
]
EPISODES = "social_care/{date}/episodes.csv"
# Two councils' nights take minutes: `make test-councils` (CI calls it).
pytestmark = pytest.mark.councils


def council_values(warehouse: Path, la_code: str) -> pd.DataFrame | None:
    """A council's published indicator values, in a fixed order (None: nothing published)."""
    if not warehouse.exists():
        return None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select * from marts.indicator_values where la_code = ? "
            "order by indicator_id, period_type, period_end",
            [la_code],
        ).df()


def published_run(warehouse: Path) -> str | None:
    if not warehouse.exists():
        return None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select run_id from marts.publish_info").fetchone()[0]


@pytest.fixture(scope="module")
def councils_world(tmp_path_factory):
    root = tmp_path_factory.mktemp("councils")
    landing = root / "landing"
    subprocess.run(
        [sys.executable, "-m", "simulator", "--out", str(landing), *SIM_ARGS],
        check=True,
        capture_output=True,
    )
    lac_settings = LacSettings(data_dir=str(root / "data"), landing_dir=str(landing))
    settings = lac_settings.settings
    from dagster_project.definitions import build_definitions

    # No token: alerts go to the run log, never to a real Slack.
    defs = build_definitions(lac_settings, slack_alerter=SlackAlerter())
    with dg.instance_for_test() as instance:
        first = run_council_night(defs, instance, settings)
        first_values = {code: council_values(settings.warehouse_path, code) for code in (A, B)}
        first_publish = published_run(settings.warehouse_path)
        # The next night: A's drop is as good as ever, B's episodes file has
        # lost every row but its header.
        for code in (A, B):
            source = landing / code / "social_care"
            shutil.copytree(source / AS_OF, source / NEXT_NIGHT)
        broken = landing / B / EPISODES.format(date=NEXT_NIGHT)
        broken.write_text(broken.read_text().splitlines()[0] + "\n")
        second = run_council_night(defs, instance, settings)
        yield {
            "settings": settings,
            "instance": instance,
            "lac_settings": lac_settings,
            "first": first,
            "first_values": first_values,
            "first_publish": first_publish,
            "second": second,
        }


def test_each_council_is_a_partition_ingested_into_its_own_raw_history(councils_world):
    first, settings = councils_world["first"], councils_world["settings"]
    instance = councils_world["instance"]
    assert first.councils.codes == [A, B]
    assert not first.failed_councils
    assert sorted(instance.get_dynamic_partitions(COUNCILS_PARTITIONS_NAME)) == [A, B]
    # The partitions view: each council's partition of the ingest assets materialised.
    episodes = dg.AssetKey(["raw", "social_care", "episodes"])
    assert instance.get_materialized_partitions(episodes) == {A, B}
    for code in (A, B):
        run = instance.get_run_by_id(first.ingest[code].run_id)
        assert run.tags["dagster/partition"] == code
        assert run.tags["lac/council"] == code
        raw = first.councils.get(code).raw_db_path
        assert raw == settings.data_dir / "raw" / "councils" / code / "raw_history.duckdb"
        with duckdb.connect(str(raw), read_only=True) as con:
            assert con.execute("select la_code from _council").fetchall() == [(code,)]
            accepted = con.execute(
                "select count(*) from _extract_log where status = 'accepted' "
                "and source = 'social_care'"
            ).fetchone()[0]
        assert accepted > 0
    # The single layout's raw history is not made: nothing is one council's.
    assert not settings.raw_db_path.exists()


def test_both_councils_publish_in_one_warehouse(councils_world):
    settings = councils_world["settings"]
    build = councils_world["first"].build
    assert build is not None and build.success
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        codes = con.execute(
            "select distinct la_code from marts.indicator_values order by 1"
        ).fetchall()
    assert codes == [(A,), (B,)]
    for code in (A, B):
        values = councils_world["first_values"][code]
        assert len(values) > 100
        # Each council's report and restricted lists in its own folder.
        assert (settings.report_dir / code / "latest" / "report.html").is_file()
        assert (settings.restricted_dir / code / "latest" / "records_to_correct.csv").is_file()
    # Two councils' figures, not one council's twice.
    lac = {
        code: councils_world["first_values"][code]
        .query("indicator_id == 'lac_count' and period_type == 'month'")["value"]
        .tolist()
        for code in (A, B)
    }
    assert lac[A] != lac[B]


def test_a_council_with_no_lac_teams_listed_gets_no_caseload_figures(councils_world):
    """Neither simulated council is in seed caseload_team_groups (LA 999 is):
    their caseload indicators await that seed instead of reading 0 (green)."""
    for code in (A, B):
        values = councils_world["first_values"][code]
        caseloads = values[values["indicator_id"].str.startswith("lac_sw_")]
        assert set(caseloads["indicator_id"]) >= {"lac_sw_max_caseload", "lac_sw_avg_caseload_all"}
        assert (caseloads["source_status"] == "needs caseload_team_groups").all()
        assert caseloads["value"].isna().all() and caseloads["numerator"].isna().all()
        others = values[~values["indicator_id"].str.startswith("lac_sw_")]
        assert (others["source_status"] == "computed").all()


def test_a_broken_drop_fails_only_its_councils_partition(councils_world):
    second, settings = councils_world["second"], councils_world["settings"]
    assert second.failed_councils == [B]
    assert second.ingest[A].success
    failed = {e.step_key for e in second.ingest[B].all_events if e.is_step_failure}
    assert failed == {"ingest_social_care"}
    # The build ran and published again (A's night), B's figures as they were.
    assert second.build is not None and second.build.success
    assert published_run(settings.warehouse_path) != councils_world["first_publish"]
    pd.testing.assert_frame_equal(
        council_values(settings.warehouse_path, B), councils_world["first_values"][B]
    )
    assert len(council_values(settings.warehouse_path, A)) > 100
    with duckdb.connect(str(second.councils.get(B).raw_db_path), read_only=True) as con:
        status = con.execute(
            "select distinct status from _extract_log where source = 'social_care' "
            f"and extract_date = '{NEXT_NIGHT}'"
        ).fetchall()
    assert status == [("rejected",)]


def test_the_failure_alert_names_the_council(councils_world):
    result = councils_world["second"].ingest[B]
    slack = FakeSlack(token=VALID_TOKEN).start()
    try:
        alerter = slack.alerter(channel="#lac")
        slack_on_run_failure(run_failure_context(result, councils_world["instance"], alerter))
        texts = [m["text"] for m in slack.messages]
    finally:
        slack.stop()
    assert texts
    assert all(text.startswith(f"Council {B}: ") for text in texts)
    assert "ingest_social_care" in "\n".join(texts)
