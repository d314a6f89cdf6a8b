"""The benchmarks mart: recomputed from the raw DfE CSVs for LA 372, and on
hand-made data for quartile bands (both polarities), revised years and
suppressed values."""

from __future__ import annotations

import csv
import datetime as dt
from statistics import mean

import duckdb
import pytest

from tests.benchmarks.conftest import DFE_DIR

LAC_31_MARCH = "Children looked after on 31 March each year"


def _sn_2021(la: str) -> list[str]:
    """LA's ten neighbours in the April 2021 model, read with the csv module."""
    path = DFE_DIR / "New_Statistical_Neighbour_Groupings_April_2021.csv"
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    columns = [header.index(f"SN{i}") for i in range(1, 11)]
    row = next(r for r in rows[1:] if r and r[0] == la)
    return [row[i] for i in columns]


def _published_rates(year: str) -> tuple[dict[str, str], str]:
    """LA rate per 10,000 (as published text) by LA code, and the England value."""
    path = DFE_DIR / "cla_number_and_rate_per_10k_children.csv"
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["time_period"] == year and r["population_type"] == LAC_31_MARCH
        ]
    las = {
        r["old_la_code"]: r["rate_per_10000"]
        for r in rows
        if r["geographic_level"] == "Local authority"
    }
    national = next(r["rate_per_10000"] for r in rows if r["geographic_level"] == "National")
    return las, national


def _mart_row(build_db, indicator: str, year_ending: str) -> dict:
    con = duckdb.connect(str(build_db), read_only=True)
    try:
        cursor = con.execute(
            "select * from marts.benchmarks where indicator_id = ? and year_ending = ?",
            [indicator, dt.date.fromisoformat(year_ending)],
        )
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        con.close()
    assert len(rows) == 1, rows
    return dict(zip(names, rows[0], strict=True))


@pytest.mark.parametrize("year", ["2021", "2022"])
def test_rate_per_10k_for_372_matches_the_raw_csv(real_build_db, year):
    neighbours = _sn_2021("372")
    rates, national = _published_rates(year)
    published = {la: float(rates[la]) for la in neighbours if rates[la].replace(".", "").isdigit()}
    expected_best_la = min(published, key=lambda la: (published[la], neighbours.index(la)))

    row = _mart_row(real_build_db, "lac_rate_per_10k", f"{year}-03-31")
    assert row["la_code"] == "999"
    assert row["benchmark_la_code"] == "372"
    assert row["la_value"] == float(rates["372"])
    assert row["national_value"] == float(national)
    assert row["sn_model_version"] == 2021
    assert row["sn_count_used"] == len(published)
    assert row["sn_average"] == pytest.approx(mean(published.values()))
    assert row["best_sn_value"] == published[expected_best_la]
    assert row["best_sn_la_code"] == expected_best_la
    assert row["polarity"] == "low"


def test_every_indicator_and_year_is_in_the_mart(real_build_db):
    con = duckdb.connect(str(real_build_db), read_only=True)
    per_indicator = dict(
        con.execute(
            "select indicator_id, count(distinct year_ending) from marts.benchmarks group by 1"
        ).fetchall()
    )
    map_ids = {
        r[0]
        for r in con.execute("select indicator_id from marts.benchmark_indicator_map").fetchall()
    }
    months = con.execute(
        "select min(month_end_date), max(month_end_date), count(*) "
        "from marts.benchmarks_by_month where indicator_id = 'lac_rate_per_10k' "
        "and benchmark_year_ending = date '2022-03-31'"
    ).fetchone()
    con.close()
    # The files hold the years ending March 2021 to March 2025 for every measure.
    assert set(per_indicator) == map_ids
    assert set(per_indicator.values()) == {5}
    # Published in November 2022: shown from then to October 2023, one row a month.
    assert months == (dt.date(2022, 11, 30), dt.date(2023, 10, 31), 12)


def test_2025_uses_the_2025_neighbour_model(real_build_db):
    row = _mart_row(real_build_db, "lac_rate_per_10k", "2025-03-31")
    assert row["sn_model_version"] == 2025
    assert row["sn_count_listed"] == 10


@pytest.mark.parametrize(
    ("indicator", "year", "la_value", "band", "top_quartile"),
    [
        # high is good: 10,20,30,40,50 -> quartiles 20/30/40; 40 sits on the top boundary -> A
        ("lac_placement_stability_2yrs_pct", "2021", 40.0, "A", 40.0),
        ("lac_placement_stability_2yrs_pct", "2022", 10.0, "D", 40.0),
        # 10,20,25,40,50 -> median 25: on the boundary takes the better band
        ("lac_placement_stability_2yrs_pct", "2023", 25.0, "B", 40.0),
        # low is good: the top quartile is the lowest values; 40 on the 75th percentile -> C
        ("lac_3plus_placements_pct", "2021", 40.0, "C", 20.0),
        ("lac_3plus_placements_pct", "2022", 15.0, "A", 20.0),
        # 802 is suppressed ('x'): quartiles over 10,30,40,50 -> 25th percentile 25
        ("lac_3plus_placements_pct", "2023", 50.0, "D", 25.0),
    ],
)
def test_quartile_bands_follow_polarity(
    handmade_build_db, indicator, year, la_value, band, top_quartile
):
    row = _mart_row(handmade_build_db, indicator, f"{year}-03-31")
    assert row["la_value"] == la_value
    assert row["quartile_band"] == band
    assert row["top_quartile_threshold"] == top_quartile


def test_best_neighbour_follows_polarity(handmade_build_db):
    high = _mart_row(handmade_build_db, "lac_placement_stability_2yrs_pct", "2021-03-31")
    low = _mart_row(handmade_build_db, "lac_3plus_placements_pct", "2021-03-31")
    # Neighbours 801, 802, 804, 805 have values 10, 20, 30, 50; 806-811 publish nothing.
    for row in (high, low):
        assert row["sn_count_listed"] == 10
        assert row["sn_count_used"] == 4
        assert row["sn_average"] == pytest.approx(27.5)
        assert row["sn_model_version"] == 2025  # the only model: used for earlier years too
    assert (high["best_sn_value"], high["best_sn_la_code"]) == (50.0, "805")
    assert (low["best_sn_value"], low["best_sn_la_code"]) == (10.0, "801")
    assert high["national_value"] == 35.0
    assert high["region_value"] == 33.0
    assert high["la_rank"] == 2


def test_revised_year_takes_the_latest_release(handmade_build_db):
    row = _mart_row(handmade_build_db, "lac_3plus_placements_pct", "2022-03-31")
    # The first release suppressed LA 803 ('c'); the 2023 release restated it as 15.
    assert row["la_value"] == 15.0
    assert row["release_file"] == "la_cla_placement_stability_2023.csv"
    older = _mart_row(handmade_build_db, "lac_3plus_placements_pct", "2021-03-31")
    assert older["release_file"] == "la_cla_placement_stability.csv"


def test_suppressed_neighbour_is_excluded_and_counted(handmade_build_db):
    row = _mart_row(handmade_build_db, "lac_3plus_placements_pct", "2023-03-31")
    # Neighbours 801=10, 802='x', 804=30, 805=40: three used, 802 left out.
    assert row["sn_count_used"] == 3
    assert row["sn_average"] == pytest.approx((10 + 30 + 40) / 3)
    assert (row["best_sn_value"], row["best_sn_la_code"]) == (10.0, "801")
    assert row["la_count_with_value"] == 4


def test_merged_and_split_neighbour_codes(handmade_build_db):
    row = _mart_row(handmade_build_db, "lac_immunisations_up_to_date_pct", "2021-03-31")
    # Neighbours with values: 801=90, 802=80, 836 read as its successor 839=60,
    # and 909 (split only from 2024) with its own 50.
    assert row["sn_count_used"] == 4
    assert row["sn_average"] == pytest.approx((90 + 80 + 60 + 50) / 4)
    assert (row["best_sn_value"], row["best_sn_la_code"]) == (90.0, "801")
    assert row["national_value"] == 85.0
    assert row["la_value"] == 70.0
