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


def test_the_903_holds_the_children_and_episodes_of_the_social_care_extract(social_care, csv_903):
    """Read across every year (the latest return wins), the 903 is the case system's extract."""
    extract = social_care / "social_care" / NIGHT
    tables = latest_records(_return(csv_903).tables)
    columns = [c for c in TABLES["episodes"].columns]
    expected = {tuple(r[c] for c in columns) for r in _rows(extract / "episodes.csv")}
    episodes = tables["episodes"].copy()
    for column in ("DECOM", "DEC"):
        episodes[column] = episodes[column].dt.strftime("%d/%m/%Y")
    found = {
        tuple("" if pd.isna(v) else v for v in row)
        for row in episodes[columns].itertuples(index=False)
    }
    assert expected and found == expected
    children = {r["CHILD"] for r in _rows(extract / "header.csv")}
    assert set(tables["header"]["CHILD"]) == children
    uasc = {r["CHILD"] for r in _rows(extract / "uasc.csv")}
    assert set(tables["uasc"]["CHILD"]) == uasc & children


def test_oc3_holds_one_status_per_care_leaver_and_year_from_their_contacts(social_care, csv_903):
    oc3 = _return(csv_903).tables["oc3"]
    assert not oc3.duplicated(["CHILD", "collection_year"]).any()
    contacts = _rows(social_care / "social_care" / NIGHT / "oc3.csv")
    statuses = {(r["CHILD"], r["IN_TOUCH"], r["ACTIV"], r["ACCOM"]) for r in contacts}
    written = set(oc3[["CHILD", "IN_TOUCH", "ACTIV", "ACCOM"]].itertuples(index=False, name=None))
    assert written and written <= statuses
