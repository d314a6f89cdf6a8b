"""A council that sends only its SSDA903 return, through the whole nightly job.

A small clean 903-only council (tests/support/ssda903_worlds.py), as DfE CSV
tables, runs the real nightly job (real DuckDB, real gates) in process.
Checked: the night succeeds and publishes every indicator the 903 supports;
the others read "needs <source>" in the marts and the console table; the
annual measures at 31 March and the validation findings (counts only) are
published, and no mart holds a child id. The XML form and the social care
twin are compared with it in tests/hardening/test_ssda903_twins.py (three
nights: `make test-hardening`).
"""

from __future__ import annotations

import pandas as pd
import pytest

from dagster_project.report import latest_month_table
from tests.support.pii import assert_no_child_ids_in_marts
from tests.support.ssda903_worlds import AS_OF, query, run_night


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    return run_night(tmp_path_factory.mktemp("ssda903_csv"), "ssda903_csv")


def test_the_903_only_night_succeeds_and_publishes(council):
    assert council["result"].success
    assert not (council["landing"] / "social_care").exists()
    published = query(council, "select count(*) as n from marts.performance_summary")
    assert published["n"].iloc[0] > 0


def test_903_indicators_are_computed_and_the_others_need_their_source(council):
    statuses = query(
        council,
        """
        select indicator_id, any_value(source_status) as status,
            count(distinct source_status) as statuses,
            count(value) filter (where period_type = 'month') as months_with_value,
            count(value) filter (where source_status like 'needs %') as needs_with_value
        from marts.indicator_values group by indicator_id
        """,
    ).set_index("indicator_id")
    assert (statuses["statuses"] == 1).all()
    computed = statuses[statuses["status"] == "computed"]
    needs = statuses[statuses["status"].str.startswith("needs ")]
    assert len(computed) + len(needs) == len(statuses)
    # The 903's core figures, each with a value in every month of the year.
    for indicator in (
        "lac_count",
        "lac_rate_per_10k",
        "lac_admissions_count",
        "lac_3plus_placements_pct",
        "lac_placement_stability_2yrs_pct",
        "lac_reviews_in_timescale_pct",
        "lac_missing_children_count",
        "care_leavers_count",
        "care_leavers_eet_pct",
    ):
        assert computed.loc[indicator, "months_with_value"] == 12, indicator
    assert needs.loc["lac_visits_nms_pct", "status"] == "needs social_care visits"
    assert needs.loc["lac_up_to_date_pep_pct", "status"] == "needs virtual_school peps"
    assert (needs["needs_with_value"] == 0).all()  # null, never 0
    # The console table prints the need in place of the expected final value.
    table = latest_month_table(council["settings"].warehouse_path)
    assert "needs social_care visits" in table
    lac_line = next(line for line in table.splitlines() if "No. of looked after children" in line)
    assert "needs" not in lac_line


def test_annual_measures_at_31_march_sit_beside_the_benchmarks(council):
    annual = query(
        council,
        f"""
        select measure_id, value, source_status, measure_source, benchmark_year_label
        from marts.annual_measures
        where year_ending = date '{AS_OF}' and breakdown = 'all'
        """,
    ).set_index("measure_id")
    lac_at_march = query(
        council,
        f"""
        select value from marts.indicator_values
        where indicator_id = 'lac_count' and period_type = 'month' and period_end = '{AS_OF}'
        """,
    )["value"].iloc[0]
    assert annual.loc["lac_count", "value"] == lac_at_march > 0
    for measure in (
        "lac_admissions_count",
        "lac_ceased_count",
        "lac_3plus_placements_pct",
        "lac_placement_stability_2yrs_pct",
        "lac_health_assessment_up_to_date_pct",
        "lac_immunisations_up_to_date_pct",
        "care_leavers_17_18_count",
        "care_leavers_19_21_count",
    ):
        assert annual.loc[measure, "source_status"] == "computed", measure
        assert annual.loc[measure, "value"] > 0, measure
    # OC2 is read from the 903 itself, and the DfE's figure of the same year sits beside it.
    assert annual.loc["lac_immunisations_up_to_date_pct", "measure_source"] == "ssda903 oc2"
    assert annual.loc["lac_3plus_placements_pct", "benchmark_year_label"] == "2023/24"


def test_validation_findings_are_counts_and_no_mart_holds_a_child_id(council):
    findings = query(council, "select * from marts.ssda903_validation_findings")
    # The clean 903 breaks no quarantine rule, but the DfE warns on blank UPNs
    # of the under-4s the case system has none for (rule 442).
    assert set(findings["severity"]) == {"warning"}
    assert "442" in set(findings["rule_id"])
    assert (findings["rows_flagged"] >= findings["children_flagged"]).all()
    assert findings["as_of_date"].astype(str).unique().tolist() == [AS_OF]
    child_ids: set[str] = set()
    for header in (council["landing"] / "ssda903").rglob("header.csv"):
        child_ids |= set(pd.read_csv(header, dtype=str)["CHILD"])
    assert len(child_ids) > 50
    assert_no_child_ids_in_marts(council["settings"].warehouse_path, child_ids)
