"""The dbt test that finds episode dates swapped day for month overnight (issue 15).

Two nights of hand-made raw history: the second swaps some dates whose day
and month are both 12 or under (they parse either way, so no gate sees them).
"""

from __future__ import annotations

import datetime as dt

from dagster_project import raw_history
from tests.dbt.test_dbt_project import _insert, run_dbt_build, run_results

NIGHTS = (dt.date(2024, 7, 1), dt.date(2024, 7, 2))
TEST = "assert_no_day_month_swapped_episode_dates"


def _episode(child: str, start: dt.date, end: dt.date | None) -> dict:
    return {"CHILD": child, "DECOM": start, "RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U4",
            "PLACE_PROVIDER": "PR1", "DEC": end, "REC": "E13" if end else None,
            "RECORDED_AT": dt.datetime(2024, 6, 30)}  # fmt: skip


def _swap(d: dt.date) -> dt.date:
    return dt.date(d.year, d.day, d.month)


# Starts on 12/01, 11/02 ... 01/12 and ends on 06/05 ... 12/05: day and
# month both 12 or under, never equal, so each date's swap is another date.
FIRST = [
    _episode(f"C{i:03d}", dt.date(2023, 1 + i % 12, 12 - i % 12), dt.date(2024, 5, 6 + i % 7))
    for i in range(40)
]


def _result(tmp_path, second: list[dict]) -> dict:
    raw_db = tmp_path / "raw" / "raw_history.duckdb"
    con = raw_history.connect(raw_db)
    _insert(con, "social_care__episodes", FIRST, NIGHTS[0])
    _insert(con, "social_care__episodes", second, NIGHTS[1])
    con.close()
    run_dbt_build(tmp_path, raw_db, "--select", TEST, as_of_date="2024-07-02")
    (result,) = [r for r in run_results(tmp_path) if TEST in r["unique_id"]]
    return result


def test_a_night_of_swapped_dates_is_an_error_and_corrections_are_not(tmp_path):
    second = [dict(e) for e in FIRST]
    for e in second[:4]:
        e["DEC"] = _swap(e["DEC"])  # 06/05 -> 05/06 ...
    for e in second[4:7]:
        e["DECOM"] = _swap(e["DECOM"])  # the start itself
    second[7]["DEC"] = dt.date(2024, 5, 20)  # an ordinary correction, not a swap
    second[8]["DECOM"] = dt.date(2023, 8, 20)  # a corrected start, not a swap
    result = _result(tmp_path / "bad", second)
    assert (result["status"], result["failures"]) == ("fail", 7)


def test_one_swap_warns_and_an_unchanged_night_passes(tmp_path):
    one = [dict(e) for e in FIRST]
    one[0]["DEC"] = _swap(one[0]["DEC"])
    result = _result(tmp_path / "one", one)
    assert (result["status"], result["failures"]) == ("warn", 1)
    assert _result(tmp_path / "same", FIRST)["status"] == "pass"
