"""The nightly data-quality report on a hand-made night: Slack is told counts, the list names rows.

The report asset runs for real on a raw history ingested from hand-made
drops, with the alerter pointed at the local fake Slack. The child ids of the
rows with findings go to the restricted list and nowhere else: not to Slack,
not to the asset's metadata.
"""

from __future__ import annotations

import csv
import stat

import dagster as dg
import duckdb
import pytest

from contract import load_contract
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.assets.data_quality_assets import data_quality_findings
from dagster_project.data_quality import RESTRICTED_LIST_NAME, finding_counts, latest_findings
from dagster_project.ingest.discovery import waiting_drops
from dagster_project.ingest.pipeline import ingest_drop
from dagster_project.raw_history import connect
from dagster_project.resources import LacSettings, pipeline_resources
from dagster_project.restricted import LATEST
from tests.ingest.drops import EXTRACT_DATE, make_rows, write_drop
from tests.support.fixtures import fake_slack  # noqa: F401  (fixture)

N = 100


def _materialize(data, alerter: SlackAlerter) -> dg.ExecuteInProcessResult:
    """The report asset with its resources: this test's data folder, the fake Slack."""
    settings = LacSettings(data_dir=str(data), ui_base_url="http://dagster.test:3000")
    return dg.materialize(
        [data_quality_findings],
        resources={**pipeline_resources(settings), "slack_alerter": alerter},
    )


@pytest.fixture
def night(tmp_path):
    """A raw history holding one social care drop with three kinds of finding."""
    data = tmp_path / "data"
    social = load_contract().source("social_care")
    visits, episodes = make_rows(social.table("visits"), N), make_rows(social.table("episodes"), N)
    visits[3]["WORKER_ID"] = None  # line 5, kept with the field nulled
    episodes[20]["PLACE"] = "ZZ"  # line 22, dropped
    episodes[30]["CIN"] = None  # line 32, kept with the field nulled
    landing = tmp_path / "landing"
    write_drop(landing, "social_care", n=N, rows={"visits": visits, "episodes": episodes})
    con = connect(data / "raw" / "raw_history.duckdb")
    try:
        (drop,) = waiting_drops(landing, con, "social_care")
        assert ingest_drop(con, drop).accepted
        child_ids = [
            r[0] for r in con.execute('select "CHILD" from social_care__header').fetchall()
        ]
    finally:
        con.close()
    return {"data": data, "child_ids": child_ids}


def test_counts_have_no_ids_and_the_findings_do(night):
    con = connect(night["data"] / "raw" / "raw_history.duckdb")
    try:
        findings = latest_findings(con)
    finally:
        con.close()
    assert set(findings["child_id"]) == {"PIICHIL00003", "PIICHIL00020", "PIICHIL00030"}
    counts = finding_counts(findings)
    assert list(counts.columns) == ["source", "table_name", "rule", "action", "records"]
    assert counts.values.tolist() == [
        ["social_care", "episodes", "code_list", "row_dropped", 1],
        ["social_care", "episodes", "mandatory", "field_nulled", 1],
        ["social_care", "visits", "mandatory", "field_nulled", 1],
    ]


def test_the_report_tells_slack_counts_and_lists_the_rows_restricted(night, fake_slack):  # noqa: F811
    alerter = fake_slack.alerter(channel="#lac-test")
    result = _materialize(night["data"], alerter)
    assert result.success

    (text,) = fake_slack.texts()
    assert "Data quality: last night's extracts (2024-04-01)" in text
    assert "social_care.episodes — code_list: 1 row dropped; mandatory: 1 field nulled" in text
    assert "social_care.visits — mandatory: 1 field nulled" in text
    (materialization,) = result.asset_materializations_for_node("data_quality__nightly_findings")
    shown = text + repr(materialization.metadata)
    assert "PII" not in shown  # every hand-made child id starts PII
    for child_id in night["child_ids"]:
        assert child_id not in shown

    restricted = night["data"] / "restricted"
    latest = restricted / LATEST / f"{RESTRICTED_LIST_NAME}.csv"
    dated = restricted / EXTRACT_DATE.isoformat() / f"{RESTRICTED_LIST_NAME}.csv"
    assert latest.read_text() == dated.read_text()
    assert stat.S_IMODE(latest.stat().st_mode) == 0o600
    assert stat.S_IMODE(restricted.stat().st_mode) == 0o700
    with latest.open(newline="") as f:
        rows = [
            (
                r["rule"],
                r["action"],
                r["source_file"],
                r["row_number"],
                r["child_id"],
                r["column_name"],
            )
            for r in csv.DictReader(f)
        ]
    assert rows == [  # by rule
        ("code_list", "row_dropped", "episodes.csv", "22", "PIICHIL00020", "PLACE"),
        ("mandatory", "field_nulled", "episodes.csv", "32", "PIICHIL00030", "CIN"),
        ("mandatory", "field_nulled", "visits.csv", "5", "PIICHIL00003", "WORKER_ID"),
    ]
    # Nothing child-level was written beside the published outputs.
    for folder in ("warehouse", "exports"):
        assert not list((night["data"] / folder).rglob(f"{RESTRICTED_LIST_NAME}*"))


def test_a_clean_night_sends_nothing_and_empties_the_list(tmp_path, fake_slack):  # noqa: F811
    data = tmp_path / "data"
    landing = tmp_path / "landing"
    write_drop(landing, "social_care", n=N)
    con = connect(data / "raw" / "raw_history.duckdb")
    try:
        (drop,) = waiting_drops(landing, con, "social_care")
        assert ingest_drop(con, drop).accepted
    finally:
        con.close()
    alerter = fake_slack.alerter(channel="#lac-test")
    assert _materialize(data, alerter).success
    assert fake_slack.messages == []
    latest = data / "restricted" / LATEST / f"{RESTRICTED_LIST_NAME}.csv"
    assert latest.read_text().splitlines() == [
        "rule,action,source,table_name,extract_date,source_file,row_number,child_id,column_name"
    ]


def test_dbt_repairs_join_the_summary_and_the_list(night, fake_slack):  # noqa: F811
    """Tonight's dbt repairs (the working database's int_data_quality_findings)
    are counted in Slack and listed, child by child, in the restricted list;
    the gates' findings it also carries are not counted twice."""
    build_db = night["data"] / "build" / "warehouse.duckdb"
    build_db.parent.mkdir(parents=True)
    with duckdb.connect(str(build_db)) as con:
        con.execute(
            "create table main.int_data_quality_findings as select * from (values "
            "('social_care', 'episodes', 'end_date_after_next_start', 'repaired', 'PIICHIL00040'), "
            "('social_care', 'episodes', 'start_before_birth', 'quarantined_sequence', "
            "'PIICHIL00041'), "
            "('social_care', 'episodes', 'mandatory', 'field_nulled', 'PIICHIL00030')"
            ") as findings (source, table_name, rule, action, child_id)"
        )
    alerter = fake_slack.alerter(channel="#lac-test")
    assert _materialize(night["data"], alerter).success

    (text,) = fake_slack.texts()
    assert "end_date_after_next_start: 1 " in text and "start_before_birth: 1 " in text
    assert "mandatory: 1 field nulled" in text  # once, from the gates
    assert "PII" not in text
    latest = night["data"] / "restricted" / LATEST / f"{RESTRICTED_LIST_NAME}.csv"
    with latest.open(newline="") as f:
        listed = {(r["rule"], r["child_id"]) for r in csv.DictReader(f)}
    assert ("end_date_after_next_start", "PIICHIL00040") in listed
    assert ("start_before_birth", "PIICHIL00041") in listed
