"""A council that sends the SSDA903 alone: dbt builds its figures from the
903 through the same intermediate models and indicator definitions as the
social care extract, its annual 31 March measures sit beside the DfE
benchmarks, and every indicator needing a source it never sent reads
"needs <source>" (in the marts and the console table), not 0.

The raw 903 tables are written as the 903 ingest stores them
(tests/support/ssda903_raw.py), from a hand-made return read by the
project's own reader, so the figures below can be checked by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from dagster_project import raw_history
from dagster_project.report import latest_month_table
from dagster_project.ssda903.layout import TABLES
from tests.dbt.test_dbt_project import run_dbt_build
from tests.support import ssda903_raw

# Collection year 2023/24 (named 2024), sent on 30 April 2024.
#   A: in care since January 2022, moved in June 2023: looked after at 31
#      March 2024 and in the OC2 cohort (12 months), with every OC2 item done.
#   B: started 15 March 2024 (a starter).
#   C: in care since 2021, returned home 30 September 2023 (ceased).
#   D: an unaccompanied asylum-seeking child, started 1 August 2023.
ROWS = {
    "header": ["A,M,01/05/2012,WBRI,UN1,,", "B,F,01/05/2015,WBRI,UN1,,",
               "C,F,01/03/2010,WBRI,UN1,,", "D,M,01/02/2008,OOTH,UN1,,"],
    "episodes": [
        "A,10/01/2022,S,C2,N1,U4,PR1,01/06/2023,X1,,,,",
        "A,01/06/2023,P,C2,N1,U5,PR1,,,CARPL,,,",
        "B,15/03/2024,S,C1,N2,U4,PR1,,,,,,",
        "C,01/01/2021,S,C2,N1,U4,PR1,30/09/2023,E13,,,,",
        "D,01/08/2023,S,V2,N1,U6,PR1,,,,,,",
    ],
    "uasc": ["D,M,01/02/2008,01/02/2026"],
    "oc2": ["A,01/05/2012,12,,0,1,1,1,1,0,,"],
}  # fmt: skip
EXTRACT = dt.date(2024, 4, 30)
YEAR_END = dt.date(2024, 3, 31)


@pytest.fixture
def ssda903_only_raw_db(tmp_path) -> Path:
    folder = tmp_path / "ssda903" / "2024"
    folder.mkdir(parents=True)
    for table, rows in ROWS.items():
        header = ",".join(TABLES[table].columns)  # the DfE column names, in order
        (folder / f"{table}.csv").write_text("\n".join([header, *rows]) + "\n")
    raw_db = tmp_path / "raw" / "raw_history.duckdb"
    con = raw_history.connect(raw_db)
    ssda903_raw.write_return(con, folder, EXTRACT)
    ssda903_raw.write_validation_findings(
        con,
        EXTRACT,
        [
            {"rule": "168", "severity": "warning", "table_name": "header",
             "collection_year": 2024, "finding_month": None, "failing_rows": 4, "children": 4},
            {"rule": "355", "severity": "warning", "table_name": "episodes",
             "collection_year": 2024, "finding_month": dt.date(2023, 6, 1), "failing_rows": 1,
             "children": 1},
        ],
    )  # fmt: skip
    con.close()
    return raw_db


def test_a_903_only_council_gets_its_figures_and_needs_for_the_rest(tmp_path, ssda903_only_raw_db):
    result, build_db = run_dbt_build(
        tmp_path, ssda903_only_raw_db, as_of_date=EXTRACT.isoformat(), history_start="2023-04-30"
    )
    assert result.returncode == 0, result.stdout[-4000:]

    with duckdb.connect(str(build_db), read_only=True) as con:

        def monthly(indicator_id: str, period_type: str = "month"):
            return con.execute(
                "select value, source_status from marts.indicator_values "
                "where indicator_id = ? and period_type = ? and period_end = ?",
                [indicator_id, period_type, YEAR_END],
            ).fetchone()

        # from the 903, through the social care indicator definitions
        assert monthly("lac_count") == (3.0, "computed")  # A, B, D
        assert monthly("lac_uasc_count") == (1.0, "computed")  # D
        assert monthly("lac_admissions_count", "fytd") == (2.0, "computed")  # B, D
        assert monthly("lac_ceased_count", "fytd") == (1.0, "computed")  # C
        # a table the return leaves out (no missing.csv) has no record: the
        # 903 was received, so the figure is computed, 0, not awaited
        assert monthly("lac_missing_children_count", "fytd") == (0.0, "computed")
        # sources a 903-only council never sent: null, never 0, and named
        assert monthly("lac_visits_nms_pct") == (None, "needs social_care visits")
        assert monthly("lac_visits_rotherham_standard_pct") == (
            None,
            "needs social_care permanence_matches, social_care visits",
        )
        assert monthly("lac_rate_per_10k") == (None, "needs population")
        assert monthly("lac_up_to_date_pep_pct") == (None, "needs virtual_school peps")
        awaiting = con.execute(
            "select count(*) from marts.indicator_values "
            "where source_status <> 'computed' and (numerator is not null or value is not null)"
        ).fetchone()[0]
        assert awaiting == 0
        summary = con.execute(
            "select value, source_status from marts.performance_summary "
            "where indicator_id = 'lac_visits_nms_pct' and period_end = ?",
            [YEAR_END],
        ).fetchone()
        assert summary == (None, "needs social_care visits")

        annual = dict(
            con.execute(
                "select measure_id, value from marts.annual_measures "
                "where year_ending = ? and breakdown = 'all'",
                [YEAR_END],
            ).fetchall()
        )
        sources = dict(
            con.execute(
                "select measure_id, measure_source from marts.annual_measures "
                "where year_ending = ? and breakdown = 'all'",
                [YEAR_END],
            ).fetchall()
        )
        assert annual["lac_count"] == 3.0
        assert annual["lac_admissions_count"] == 2.0
        assert annual["lac_ceased_count"] == 1.0
        # OC2 cohort at 31 March 2024: A only (B and D started within the
        # year, C left), every item done
        assert annual["lac_health_assessment_up_to_date_pct"] == 100.0
        assert annual["lac_immunisations_up_to_date_pct"] == 100.0
        assert annual["lac_sdq_completion_pct"] == 100.0
        assert sources["lac_immunisations_up_to_date_pct"] == "ssda903 oc2"

        findings = con.execute(
            "select rule_id, finding_month, rows_flagged, children_flagged "
            "from marts.ssda903_validation_findings order by rule_id"
        ).fetchall()
        assert findings == [("168", None, 4, 4), ("355", dt.date(2023, 6, 1), 1, 1)]

    # the console's table says which source an indicator waits for
    table = latest_month_table(build_db)
    visits_line = next(line for line in table.splitlines() if line.startswith("4.6 "))
    assert visits_line.rstrip().endswith("needs social_care visits")
    count_line = next(line for line in table.splitlines() if line.startswith("4.1 "))
    assert "needs" not in count_line
