"""`--format ssda903`: the simulated LA as a 903-only council (simulator/ssda903_writer.py).

One small LA, run three ways with the same seed: the social care extract, the
903 as CSV tables and the 903 as XML (all clean), plus a 903 with defects.
The 903 is read with the project's own reader and checked with its DfE rules.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from dagster_project.ssda903.current_view import latest_records
from dagster_project.ssda903.layout import TABLES
from dagster_project.ssda903.reader import read_return
from dagster_project.ssda903.rules.registry import QUARANTINE
from dagster_project.ssda903.rules.runner import run_rules
from simulator.cli import parser
from simulator.config import Options
from simulator.la import run_la

# Two and a bit years ending in the 2024/25 collection year (the first with
# SEX coded M/F), big enough to hold adoptions, OC2 and OC3 cohorts.
RUN = {
    "population": 12000,
    "start": dt.date(2022, 4, 1),
    "end": dt.date(2024, 6, 30),
    "seed": 903,
}
NIGHT = RUN["end"].isoformat()
OTHER_SOURCES = ("social_care", "health", "fostering", "virtual_school")


def _run(tmp_path_factory, name: str, **options) -> Path:
    out = tmp_path_factory.mktemp(name)
    run_la(Options(out=str(out), **RUN, **options), out)
    return out


@pytest.fixture(scope="module")
def social_care(tmp_path_factory) -> Path:
    return _run(tmp_path_factory, "social_care", clean=True)


@pytest.fixture(scope="module")
def csv_903(tmp_path_factory) -> Path:
    return _run(tmp_path_factory, "csv_903", clean=True, extract_format="ssda903")


@pytest.fixture(scope="module")
def xml_903(tmp_path_factory) -> Path:
    return _run(
        tmp_path_factory, "xml_903", clean=True, extract_format="ssda903", ssda903_form="xml"
    )


@pytest.fixture(scope="module")
def dirty_903(tmp_path_factory) -> Path:
    return _run(tmp_path_factory, "dirty_903", extract_format="ssda903")


def _return(out: Path):
    return read_return(out / "ssda903" / NIGHT)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_flag_selects_the_903_and_its_form():
    args = parser().parse_args(["--format", "ssda903", "--ssda903-form", "xml"])
    assert (args.format, args.ssda903_form) == ("ssda903", "xml")
    assert parser().parse_args([]).format == "social_care"


def test_a_903_only_council_sends_its_903_and_the_population_only(csv_903):
    sent = {p.name for p in csv_903.iterdir()}
    assert {"ssda903", "population", "_truth"} == sent
    assert not any((csv_903 / s).exists() for s in OTHER_SOURCES)
    years = sorted(p.name for p in (csv_903 / "ssda903" / NIGHT).iterdir())
    # one folder per collection year, up to the one in progress on the night
    assert years[-3:] == ["2022-23", "2023-24", "2024-25"]
    assert {p.name for p in (csv_903 / "ssda903" / NIGHT / "2023-24").glob("*.csv")} >= {
        "header.csv", "episodes.csv", "reviews.csv", "missing.csv", "uasc.csv", "oc2.csv",
        "oc3.csv",
    }  # fmt: skip


def test_the_903_reads_whole_with_no_read_problem(csv_903, xml_903):
    for out in (csv_903, xml_903):
        ret = _return(out)
        assert ret.problems == []
        assert ret.collection_years[-1] == 2025
        for name in ("header", "episodes", "reviews", "missing", "uasc", "oc2", "oc3", "ad1"):
            assert len(ret.tables[name]) > 0, name


def test_the_csv_and_the_xml_form_read_into_identical_tables(csv_903, xml_903):
    from_csv, from_xml = _return(csv_903), _return(xml_903)
    assert sorted(p.name for p in (xml_903 / "ssda903" / NIGHT / "2023-24").iterdir()) == [
        "ssda903.xml"
    ]
    for name in TABLES:
        left = from_csv.tables[name].drop(columns=["source_file", "source_location"])
        right = from_xml.tables[name].drop(columns=["source_file", "source_location"])
        pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True))


def test_the_clean_903_breaks_no_quarantine_rule(csv_903):
    findings = run_rules(_return(csv_903))
    assert findings[findings["severity"] == QUARANTINE].empty


def test_the_903_with_defects_breaks_quarantine_rules_and_lists_each_defect(dirty_903):
    findings = run_rules(_return(dirty_903))
    assert not findings[findings["severity"] == QUARANTINE].empty
    entries = [json.loads(line) for line in (dirty_903 / "_truth" / "defects.jsonl").open()]
    assert entries and {e["source"] for e in entries} == {"ssda903"}
    for e in entries:
        row = _rows(dirty_903 / e["file"])[e["row"] - 1]
        assert (e["file"].split("/")[-1], row["CHILD"]) == (f"{e['table']}.csv", e["child"])


def test_sex_is_coded_by_the_collection_years_own_list(csv_903):
    ret = _return(csv_903)
    header = ret.tables["header"]
    assert set(header.loc[header["collection_year"] < 2025, "SEX"]) == {"1", "2"}
    assert set(header.loc[header["collection_year"] == 2025, "SEX"]) == {"M", "F"}


def _as_text(frame: pd.DataFrame, columns: list[str]) -> set[tuple[str, ...]]:
    """Rows of a normalised 903 table as the social care extract writes them."""
    out = frame[columns].copy()
    for column in columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%d/%m/%Y")
    return set(out.fillna("").itertuples(index=False, name=None))


def _extract_rows(extract: Path, table: str, columns: list[str]) -> set[tuple[str, ...]]:
    return {tuple(r[c] for c in columns) for r in _rows(extract / f"{table}.csv")}


def _collection_year(text: str) -> int:
    d = dt.datetime.strptime(text, "%d/%m/%Y").date()
    return d.year + 1 if d.month >= 4 else d.year


def test_the_903_holds_the_social_care_extracts_lives(social_care, csv_903):
    """Read across every year (the latest return wins), the 903 is the case system's extract."""
    extract = social_care / "social_care" / NIGHT
    ret = _return(csv_903)
    tables = latest_records(ret.tables)
    for table in ("episodes", "missing", "placed_for_adoption"):
        columns = [c for c in TABLES[table].columns if c != "DOB"]
        expected = _extract_rows(extract, table, columns)
        assert expected and _as_text(tables[table], columns) == expected, table
    children = {r["CHILD"] for r in _rows(extract / "header.csv")}
    assert set(tables["header"]["CHILD"]) == children
    uasc = {r["CHILD"] for r in _rows(extract / "uasc.csv")}
    assert set(tables["uasc"]["CHILD"]) == uasc & children
    # a review sits in the return of its year, among the children looked after then
    in_care = set(
        zip(ret.tables["episodes"]["CHILD"], ret.tables["episodes"]["collection_year"], strict=True)
    )
    reviews = [r for r in _rows(extract / "reviews.csv")]
    expected = {
        (r["CHILD"], r["REVIEW"], r["REVIEW_CODE"])
        for r in reviews
        if (r["CHILD"], _collection_year(r["REVIEW"])) in in_care
    }
    found = _as_text(tables["reviews"], ["CHILD", "REVIEW", "REVIEW_CODE"])
    assert expected and found == expected
    # AD1 is the adopted children's (the 903 has no AD1 before the adoption)
    adopted = {r["CHILD"] for r in _rows(extract / "episodes.csv") if r["REC"] in ("E11", "E12")}
    columns = [c for c in TABLES["ad1"].columns if c != "DOB"]
    expected = {row for row in _extract_rows(extract, "ad1", columns) if row[0] in adopted}
    assert expected and _as_text(tables["ad1"], columns) == expected


def test_oc3_holds_one_status_per_care_leaver_and_year_from_their_contacts(social_care, csv_903):
    oc3 = _return(csv_903).tables["oc3"]
    assert not oc3.duplicated(["CHILD", "collection_year"]).any()
    contacts = _rows(social_care / "social_care" / NIGHT / "oc3.csv")
    statuses = {(r["CHILD"], r["IN_TOUCH"], r["ACTIV"], r["ACCOM"]) for r in contacts}
    written = set(oc3[["CHILD", "IN_TOUCH", "ACTIV", "ACCOM"]].itertuples(index=False, name=None))
    assert written and written <= statuses
