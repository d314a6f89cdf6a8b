"""The 903 sample returns (tests/fixtures/ssda903): the validator's fake return, LIIA dirty files.

Expected rows are recomputed here from the files' own text (csv module, not
the reader), so each test checks the reader and the rules against an
independent reading of the same sample.
"""

from __future__ import annotations

import csv
import hashlib

import pandas as pd
import pytest

from dagster_project.ssda903.reader import read_return
from dagster_project.ssda903.rules.runner import run_rules

# The validator's fake return runs to 31 March 2018: its latest episode starts
# on 31/03/2018 (collection year 2017/18).
FAKE_YEAR = 2018


def raw_rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def fake(samples):
    folder = samples / "validator_fake"
    files = [p for p in folder.glob("*.csv") if p.name != "placed_for_adoption_errors.csv"]
    return folder, read_return(files, collection_year=FAKE_YEAR)


def test_every_fake_table_reads_whole_and_clean(fake):
    folder, ret = fake
    assert ret.errors == []
    for name, file in (
        ("header", "header.csv"),
        ("episodes", "episodes.csv"),
        ("reviews", "reviews.csv"),
        ("oc2", "oc2.csv"),
        ("uasc", "uasc.csv"),
        ("missing", "missing.csv"),
        ("sw_episodes", "sw_episodes.csv"),
    ):
        assert len(ret.tables[name]) == len(raw_rows(folder / file)), name


# Which fake rows break each rule, recomputed from the text: test_rules_fake_data.py.


def test_the_clean_adoption_file_breaks_neither(fake):
    _, ret = fake
    assert run_rules(ret, codes=["579", "523"]).empty


def test_dirty_liia_files_get_per_row_findings_not_a_crash(samples):
    folder = samples / "liia_samples"
    ret = read_return(folder)  # the year comes from the SSDA903_2020_ file names
    assert ret.collection_years == [2020]
    assert [(p.severity, p.column) for p in ret.problems] == [("warning", "TEST_COLUMN")]
    findings = run_rules(ret)
    episodes = raw_rows(folder / "SSDA903_2020_episodes.csv")
    header = raw_rows(folder / "SSDA903_2020_header.csv")

    def lines(rule: str, table: str) -> set[str]:
        hits = findings[(findings["rule"] == rule) & (findings["table"] == table)]
        return set(hits["source_location"])

    blank_ls = {f"line {i + 2}" for i, r in enumerate(episodes) if not r["LS"]}
    dummy_rne = {f"line {i + 2}" for i, r in enumerate(episodes) if r["RNE"] == "*DUMMY*"}
    ids = pd.Series([r["CHILD"] for r in header])
    repeated = {f"line {i + 2}" for i in ids.index[ids.duplicated(keep=False)]}
    assert blank_ls and lines("144", "episodes") == blank_ls
    assert dummy_rne and lines("143", "episodes") == dummy_rne
    assert repeated and lines("P01", "header") == repeated


def test_the_shipped_samples_are_the_ones_their_readme_lists(samples):
    """Each sample file is byte for byte the one its provenance names (sha256)."""
    readme = (samples / "README.md").read_text()
    listed = dict(
        (name.removeprefix("./"), digest)
        for digest, name in (line.split() for line in readme.split("```")[1].strip().splitlines())
    )
    shipped = {
        path.relative_to(samples).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in samples.rglob("*")
        if path.is_file() and path.name != "README.md"
    }
    assert shipped == listed
