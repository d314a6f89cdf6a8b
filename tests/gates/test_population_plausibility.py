"""The dbt test on the council's own population (issue 15), on hand-made raw histories.

It fails on another council's file and on a year-on-year jump beyond 10%,
and passes a population that grows as ONS estimates do.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dagster_project import raw_history
from tests.dbt.test_dbt_project import _insert, run_dbt_build, run_results

EXTRACT = dt.date(2024, 7, 2)
TEST = "assert_population_plausible_for_own_la"


def _status(tmp_path, populations: list[tuple[str, int, int]]) -> str:
    raw_db = tmp_path / "raw" / "raw_history.duckdb"
    con = raw_history.connect(raw_db)
    rows = [{"la_code": la, "mid_year": y, "population_0_17": n} for la, y, n in populations]
    _insert(con, "population__population", rows, EXTRACT)
    con.close()
    result, _ = run_dbt_build(
        tmp_path,
        raw_db,
        "--select",
        f"stg_population__populations {TEST}",
        as_of_date="2024-07-02",
    )
    (test,) = [
        r
        for r in run_results(tmp_path)
        if r["unique_id"].startswith("test.") and TEST in r["unique_id"]
    ]
    assert (result.returncode == 0) == (test["status"] == "pass"), result.stdout[-2000:]
    return test["status"]


GROWING = [("999", 2021, 56153), ("999", 2022, 56321), ("999", 2023, 56490)]


@pytest.mark.parametrize(
    ("case", "populations", "status"),
    [
        ("ONS-like growth, other LAs beside it", [*GROWING, ("372", 2023, 30000)], "pass"),
        ("a year 12% down", [*GROWING[:2], ("999", 2023, 49400)], "fail"),  # abs(): either way
        ("another council's file", [("372", 2022, 30000), ("372", 2023, 30100)], "fail"),
    ],
)
def test_population_plausible_for_own_la(tmp_path, case, populations, status):
    assert _status(tmp_path, populations) == status, case
