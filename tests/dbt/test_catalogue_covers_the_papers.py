"""The catalogue against the papers: every indicator of the papers' performance
tables is either computed (seed indicators) or listed with a reason (seed
indicators_not_computed), and each catalogue row's table numbers are the ones
the papers print for it; each indicator has a dbt unit test; and
docs/indicators.md is current.

The papers' indicators come from tests/fixtures/papers/seed_indicators.csv,
the two columns of ../shared/reference/seed_indicators.csv (extracted by hand
from the five reports) this test needs, shipped so that a fresh clone runs it;
its ref_numbers column says where each indicator appears, e.g.
"4.9 (000); 6.10 (002); 6.9 (004)". See tests/fixtures/papers/README.md.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from dagster_project.catalogue_doc import render
from dagster_project.settings import REPO_ROOT

REFERENCE = REPO_ROOT / "tests" / "fixtures" / "papers" / "seed_indicators.csv"
SEEDS = REPO_ROOT / "dbt" / "seeds"

# A table number followed by the paper it is in: 4.x in the 2022/23 papers
# (000, 001), 6.x-11.x in 2019 (002) and 2017 (004), the 2019 "NEW" rows,
# and the 2013/14 exception report's "No.N / NI N" items (003).
TABLE_REF = re.compile(r"(?:^|[;,]\s*)(\d{1,2})\.\d{1,2}\s*\((00[0-4])")
NEW_2019 = re.compile(r"(?:^|[;,]\s*)NEW\s*\(002")
EXCEPTION_2013 = re.compile(r"No\.\d+\s*/\s*NI\s*\d+")
PAPER_TABLES = {
    "000": {"4"},
    "001": {"4"},
    "002": {"6", "7", "8", "9", "10", "11", "4", "5"},
    "004": {"4", "5", "6", "7", "8", "9", "10", "11"},
}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _in_a_table(ref_numbers: str) -> bool:
    if "narrative only" in ref_numbers:
        return False
    tables = any(t in PAPER_TABLES[paper] for t, paper in TABLE_REF.findall(ref_numbers))
    return tables or bool(NEW_2019.search(ref_numbers) or EXCEPTION_2013.search(ref_numbers))


@pytest.fixture(scope="module")
def papers() -> dict[str, dict[str, str]]:
    # Shipped test material: fail, never skip, if it has gone missing.
    assert REFERENCE.exists(), f"the papers' reference indicators are missing: {REFERENCE}"
    return {row["indicator_key"]: row for row in _read(REFERENCE)}


def test_every_table_indicator_is_computed_or_explained(papers) -> None:
    computed = {row["indicator_id"] for row in _read(SEEDS / "indicators.csv")}
    explained = {row["indicator_id"] for row in _read(SEEDS / "indicators_not_computed.csv")}
    in_tables = {key for key, row in papers.items() if _in_a_table(row["ref_numbers"])}
    assert len(in_tables) > 40  # the parse found the tables, not nothing
    assert sorted(in_tables - computed - explained) == []
    assert sorted(computed & explained) == []
    assert sorted(explained - set(papers)) == []


def test_catalogue_ids_and_table_numbers_match_the_papers(papers) -> None:
    wrong = []
    for row in _read(SEEDS / "indicators.csv"):
        paper = papers.get(row["indicator_id"])
        if paper is None:
            wrong.append(f"{row['indicator_id']}: not an indicator of the papers")
            continue
        printed = set(re.findall(r"\b\d{1,2}\.\d{1,2}\b", paper["ref_numbers"]))
        if NEW_2019.search(paper["ref_numbers"]):
            printed.add("NEW")  # the 2019 paper's unnumbered new rows
        for column in ("ref_2022", "ref_2019", "ref_2017"):
            if row[column] and row[column] not in printed:
                wrong.append(f"{row['indicator_id']}: {column} {row[column]} not in {printed}")
    assert wrong == []


def test_the_catalogue_page_is_current() -> None:
    on_disk = (REPO_ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
    assert on_disk == render(), "run: python -m dagster_project.catalogue_doc > docs/indicators.md"


def test_every_indicator_has_a_dbt_unit_test() -> None:
    """Each catalogue indicator is in the expected rows of a unit test on the
    intermediate model that computes it (hand-made rows, not the simulator)."""
    expectations = []
    for path in (REPO_ROOT / "dbt" / "models").rglob("*.yml"):
        for test in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("unit_tests", []):
            if test["model"].startswith("int_indicators_"):
                expectations.append(yaml.safe_dump(test["expect"]))
    indicators = [row["indicator_id"] for row in _read(SEEDS / "indicators.csv")]
    untested = [i for i in indicators if not any(i in text for text in expectations)]
    assert len(expectations) >= 10 and untested == []
