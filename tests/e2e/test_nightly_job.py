"""The whole nightly job, in process, on a small simulated LA in a temp folder.

One good night is run and its published marts are checked against figures
computed here, independently, from the landed CSVs. Then a broken drop
arrives: the run must fail at the gate, alert Slack without naming a child,
and leave the published warehouse byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from dagster_project.alerts.run_sensors import slack_on_run_failure
from dagster_project.report import latest_month_table
from tests.support.fake_slack import VALID_TOKEN, FakeSlack
from tests.support.first_night import AS_OF, first_night_copy, sha256
from tests.support.pii import assert_no_child_ids_in_marts
from tests.support.sensors import run_failure_context

SHORT_BREAKS = {"V3", "V4"}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The first night, and the settings it ran with."""
    return first_night_copy(tmp_path_factory, "nightly")


def marts(world, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(world["settings"].warehouse_path), read_only=True) as con:
        return con.execute(sql).df()


def test_the_night_succeeds_and_every_gate_passes(world):
    result = world["first"]
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    gates = [e for e in evaluations if e.check_name.startswith("gx_")]
    assert len(gates) == 24  # one per contract table
    assert all(e.passed for e in gates), [e.check_name for e in gates if not e.passed]
    dbt_tests = [e for e in evaluations if not e.check_name.startswith("gx_")]
    assert len(dbt_tests) > 20
    assert all(e.passed for e in dbt_tests if e.severity == dg.AssetCheckSeverity.ERROR)
    # The cross-row episode rules warn on defects; a clean extract has none.
    episode_warnings = {
        e.check_name: e.passed for e in dbt_tests if e.check_name.startswith("warn_episode")
    }
    assert episode_warnings == {
        "warn_episode_starts_before_birth": True,
        "warn_episodes_overlap": True,
    }
    # The two recording-defect checks (an SGO ceased for another reason, a
    # joint sibling visit recorded once) find nothing in a clean extract.
    recording = {
        e.check_name: e.passed
        for e in dbt_tests
        if e.check_name
        in ("warn_sgo_recorded_as_other_reason", "warn_sibling_visits_recorded_once")
    }
    assert recording == {
        "warn_sgo_recorded_as_other_reason": True,
        "warn_sibling_visits_recorded_once": True,
    }
    # One night is no baseline: the lag gate is quiet and says so.
    lag = next(e for e in evaluations if e.check_name == "recording_lag")
    assert lag.passed
    assert "visits" in lag.metadata["record_types_without_baseline"].value


def test_every_catalogue_indicator_has_a_value_for_every_month(world):
    months = pd.date_range("2023-04-30", AS_OF, freq="ME").date
    per_indicator = marts(
        world,
        """
        select i.indicator_id, count(distinct v.period_end) as months
        from marts.indicators as i
        left join marts.indicator_values as v
            on v.indicator_id = i.indicator_id and v.period_type = 'month'
        group by 1
        """,
    )
    assert len(per_indicator) >= 16
    short = per_indicator[per_indicator["months"] < len(months)]
    assert short.empty, short.to_dict("records")
    as_of = marts(world, "select distinct as_of_date::varchar as d from marts.indicator_values")
    assert as_of["d"].tolist() == [AS_OF]


def test_percentages_are_bounded_and_numerators_within_denominators(world):
    # Percentages only: an average's numerator (total days) is rightly above
    # its denominator (adoptions), and a rate's denominator is a population.
    bad = marts(
        world,
        """
        select indicator_id, period_end, numerator, denominator, value
        from marts.indicator_values
        where unit = 'percentage'
          and (numerator > denominator or value < 0 or value > 100)
        """,
    )
    assert bad.empty, bad.head().to_dict("records")


def independent_lac_counts(landing: Path) -> dict:
    """Children looked after at each month end, counted straight from the CSVs."""
    drop = landing / "social_care" / AS_OF
    episodes = pd.read_csv(drop / "episodes.csv", dtype=str, keep_default_na=False)
    header = pd.read_csv(drop / "header.csv", dtype=str, keep_default_na=False)
    dob = pd.to_datetime(header.set_index("CHILD")["DOB"], format="%d/%m/%Y")
    start = pd.to_datetime(episodes["DECOM"], format="%d/%m/%Y")
    end = pd.to_datetime(episodes["DEC"].replace("", None), format="%d/%m/%Y")
    counts = {}
    for month_end in pd.date_range("2023-04-30", AS_OF, freq="ME"):
        open_ = (start <= month_end) & (end.isna() | (end > month_end))
        in_care = episodes[open_ & ~episodes["LS"].isin(SHORT_BREAKS)]["CHILD"].unique()
        under_18 = [c for c in in_care if dob[c] + pd.DateOffset(years=18) > month_end]
        counts[month_end.date()] = len(under_18)
    return counts


def test_children_looked_after_match_a_count_from_the_landed_csv(world):
    expected = independent_lac_counts(world["landing"])
    got = marts(
        world,
        "select period_end, value from marts.indicator_values "
        "where indicator_id = 'lac_count' and period_type = 'month'",
    )
    got = {row.period_end.date(): int(row.value) for row in got.itertuples()}
    assert got == expected
    assert min(expected.values()) > 10  # a real cohort, not an empty one


def test_twelve_indicators_equal_an_independent_pandas_implementation(world):
    """scripts/national/ (the national benchmark's pandas side, written from the
    definitions, not the dbt SQL) gives every month of twelve indicators the
    numerator and denominator the published marts hold."""
    from scripts.national.compare import compare, independent_values, warehouse_values
    from scripts.national.independent_indicators import INDICATORS

    ours = independent_values(world["landing"], la_code="999")
    theirs = warehouse_values(world["settings"].warehouse_path)
    months = set(pd.date_range("2023-04-30", AS_OF, freq="ME").date)
    for frame in (ours, theirs):
        assert set(frame["indicator_id"]) == set(INDICATORS)
        assert set(frame["period_end"]) == months
    result = compare(ours, theirs)
    assert result.rows == len(INDICATORS) * len(months)
    assert result.differences.empty, result.differences.to_dict("records")


def test_rag_is_judged_for_indicators_with_targets(world):
    rag = marts(
        world,
        f"select indicator_id, rag from marts.indicator_rag "
        f"where period_type = 'month' and period_end = '{AS_OF}'",
    )
    assert set(rag["rag"].dropna()) <= {"green", "amber", "red"}
    assert rag["rag"].notna().sum() >= 8


def test_performance_summary_shows_the_benchmarks_in_force(world):
    # Months of 2023/24 are read against the DfE figures for 31 March 2023.
    joined = marts(
        world,
        f"""
        select s.sn_average, s.national_value, s.quartile_band,
               b.sn_average as mart_sn_average, b.national_value as mart_national_value
        from marts.performance_summary as s
        inner join marts.benchmarks as b
            on b.la_code = s.la_code and b.indicator_id = s.indicator_id
        where s.indicator_id = 'lac_rate_per_10k' and s.period_end = '{AS_OF}'
          and b.year_ending = '2023-03-31'
        """,
    )
    assert len(joined) == 1
    row = joined.iloc[0]
    assert row.sn_average == pytest.approx(row.mart_sn_average)
    assert row.national_value == pytest.approx(row.mart_national_value)
    assert 20 < row.national_value < 200  # a rate per 10,000, not a share
    assert row.quartile_band in {"A", "B", "C", "D"}


def test_make_run_prints_the_papers_table_for_the_latest_month(world):
    table = latest_month_table(world["settings"].warehouse_path).splitlines()
    assert table[0] == "Indicators for the month ending 31 March 2024"
    assert re.split(r"\s{2,}", table[2].strip()) == [
        "Ref",
        "Indicator",
        "Jan-24",
        "Feb-24",
        "Mar-24",
        "YTD",
        "DoT",
        "RAG",
        "Expected final (80%)",
    ]
    rows = [re.split(r"\s{2,}", line.strip()) for line in table[4:-2]]
    assert [row[0] for row in rows[:3]] == ["4.1", "4.2", "4.3"]  # the papers' order
    lac = next(row for row in rows if row[1] == "No. of looked after children")
    expected = independent_lac_counts(world["landing"])
    month_ends = [dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2024, 3, 31)]
    assert lac[2:5] == [str(expected[d]) for d in month_ends]
    assert lac[5] == "-"  # an as-at-month-end count has no year to date
    assert {row[7] for row in rows} <= {"G", "A", "R", "-"}
    assert any(row[7] in {"G", "A", "R"} for row in rows)
    assert table[-1].startswith("p = provisional")


def test_published_warehouse_holds_no_child_identifier(world):
    drop = world["landing"] / "social_care" / AS_OF
    child_ids = set(pd.read_csv(drop / "header.csv", dtype=str)["CHILD"])
    assert len(child_ids) > 50
    with duckdb.connect(str(world["settings"].warehouse_path), read_only=True) as con:
        schemas = con.execute("select distinct schema_name from duckdb_tables()").fetchall()
    assert schemas == [("marts",)]
    assert_no_child_ids_in_marts(world["settings"].warehouse_path, child_ids)


def test_child_level_files_are_the_owners_only_and_published_ones_readable(world):
    """The build database and the raw history hold child-level rows; the published ones do not."""
    settings = world["settings"]
    for folder in (settings.build_dir, settings.raw_db_path.parent):
        assert oct(folder.stat().st_mode & 0o777) == oct(0o700), folder
    for path in (settings.build_db_path, settings.raw_db_path):
        assert oct(path.stat().st_mode & 0o777) == oct(0o600), path
    for path in (settings.warehouse_path, settings.export_dir / "latest" / "publish_info.csv"):
        assert path.stat().st_mode & 0o004, f"{path} is published: anyone in the council reads it"
    published = settings.warehouse_path.resolve().parent
    assert (settings.export_dir / "latest").resolve() == published / "exports"
    from dagster_project.assets.dbt_assets import TARGET_PREFIXES, TARGET_ROOT
    from dagster_project.dbt_project import dbt_target_dir

    # One dbt target folder per data folder, kept from night to night; none per run.
    assert (dbt_target_dir(settings) / "run_results.json").is_file()
    assert not [p for p in TARGET_ROOT.iterdir() if p.name.startswith(TARGET_PREFIXES)]


def test_the_records_to_correct_list_is_restricted_and_not_published(world):
    """The data-quality report ran; its child-level list is in the restricted folder only."""
    settings = world["settings"]
    assert world["first"].asset_materializations_for_node("data_quality__nightly_findings")
    latest = settings.restricted_dir / "latest" / "records_to_correct.csv"
    header = latest.read_text().splitlines()[0]
    assert "child_id" in header and "row_number" in header
    assert oct(latest.stat().st_mode & 0o777) == oct(0o600)
    for folder in (settings.warehouse_path.parent, settings.export_dir):
        assert not list(folder.rglob("records_to_correct*")), folder
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert not {"_quarantine", "records_to_correct"} & tables


def test_a_broken_drop_is_rejected_alerted_and_changes_nothing_published(world):
    settings = world["settings"]
    published_before = sha256(settings.warehouse_path)
    # The next night's social care drop arrives with a column missing.
    landing = world["landing"] / "social_care"
    broken = landing / "2024-04-01"
    shutil.copytree(landing / AS_OF, broken)
    episodes = pd.read_csv(broken / "episodes.csv", dtype=str, keep_default_na=False)
    episodes.drop(columns=["LS"]).to_csv(broken / "episodes.csv", index=False)

    with dg.instance_for_test() as instance:
        result = world["job"].execute_in_process(instance=instance, raise_on_error=False)
        assert not result.success
        failed_steps = {e.step_key for e in result.all_events if e.is_step_failure}
        assert failed_steps == {"ingest_social_care"}
        assert sha256(settings.warehouse_path) == published_before

        with duckdb.connect(str(settings.raw_db_path), read_only=True) as con:
            status, reason = con.execute(
                "select status, reason from _extract_log where source = 'social_care' "
                "and extract_date = '2024-04-01' and table_name = 'episodes'"
            ).fetchone()
            kept = con.execute(
                "select count(*) from social_care__episodes where _extract_date = '2024-04-01'"
            ).fetchone()[0]
        assert status == "rejected"
        assert "episodes.csv" in reason and "LS" in reason
        assert kept == 0

        slack = FakeSlack(token=VALID_TOKEN).start()
        try:
            alerter = slack.alerter(channel="#lac")
            slack_on_run_failure(run_failure_context(result, instance, alerter))
            texts = [m["text"] for m in slack.messages]
        finally:
            slack.stop()
    everything = "\n".join(texts)
    assert "ingest_social_care" in everything
    assert "episodes" in everything and "LS" in everything
    assert result.run_id in everything
    drop = world["landing"] / "social_care" / AS_OF
    header = pd.read_csv(drop / "header.csv", dtype=str)
    for child_id in header["CHILD"]:
        assert child_id not in everything
