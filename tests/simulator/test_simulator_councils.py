"""The council registry a multi-LA run writes (simulator/councils.py): every
simulated council is benchmarked as a real LA of the shipped DfE
statistical-neighbour files, the same one every time."""

from __future__ import annotations

import csv

from simulator.councils import (
    SN_2021,
    SN_2025,
    benchmark_la_codes,
    council_rows,
    write_councils_csv,
)

# England has 152-153 LAs; the 2021 file lists a few that have since merged.
FEWEST_CURRENT_LAS = 140


def _codes_in(path) -> set[str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {row[0] for row in list(csv.reader(f))[1:] if row}


def test_the_first_council_is_benchmarked_as_the_default_la():
    assert council_rows(["800"]) == [
        {"la_code": "800", "name": "Simulated council 800", "benchmark_la_code": "372"}
    ]


def test_benchmark_las_are_real_current_and_distinct_for_a_whole_country():
    codes = benchmark_la_codes()
    assert len(codes) >= FEWEST_CURRENT_LAS
    rows = council_rows([f"{800 + i:03d}" for i in range(len(codes))])
    chosen = [row["benchmark_la_code"] for row in rows]
    assert len(set(chosen)) == len(codes), "each of the first N councils has its own LA"
    assert set(chosen) <= _codes_in(SN_2021) & _codes_in(SN_2025)
    # LAs merged away since 2021 (Northamptonshire, Bournemouth, Poole) are never chosen
    assert not {"928", "835", "836"} & set(chosen)


def test_the_same_council_gets_the_same_la_whatever_else_is_in_the_run(tmp_path):
    alone = council_rows(["805"])[0]
    among = {row["la_code"]: row for row in council_rows(["803", "805", "900"])}
    assert among["805"] == alone
    path = write_councils_csv(tmp_path / "landing", ["805", "803"])
    with path.open(newline="") as f:
        written = list(csv.DictReader(f))
    assert [row["la_code"] for row in written] == ["805", "803"]
    assert written[0] == alone
