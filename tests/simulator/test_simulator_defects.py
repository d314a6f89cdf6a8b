"""Every defect kind is in the manifest and can be seen in the files it names."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from simulator.defects import KINDS

NIGHT = "2026-10-31"


@pytest.fixture(scope="module")
def manifest(default_run) -> list[dict]:
    lines = (default_run / "_truth" / "defects.jsonl").read_text().splitlines()
    return [json.loads(x) for x in lines]


def test_every_kind_listed(manifest):
    assert {e["kind"] for e in manifest} == set(KINDS)


def _csv(default_run, e):
    return pd.read_csv(default_run / e["file"], dtype=str, keep_default_na=False)


def test_each_kind_is_visible_in_the_file(default_run, manifest):
    by_kind: dict[str, dict] = {}
    for e in manifest:
        by_kind.setdefault(e["kind"], e)
    codes = {"PLACE", "REVIEW_CODE", "ACCOM"}
    for kind, e in by_kind.items():
        if e["file"].endswith(".csv"):
            df = _csv(default_run, e)
            row = df.iloc[e["row"] - 1]
            if kind == "duplicate_row":
                assert (df.iloc[e["row"] - 2] == row).all()
            elif kind == "invalid_code":
                assert e["column"] in codes and row[e["column"]] in {"U9", "PN9", "Q1"}
            elif kind == "missing_mandatory":
                assert row[e["column"]] == ""
            elif kind in ("end_before_start", "date_before_birth", "future_date"):
                assert row[e["column"]] != ""
            assert (
                row.iloc[1] == e["child"]
                or row.iloc[0] == e["child"]
                or kind in ("sibling_visit_once",)
            )
        elif kind == "broken_formula":
            wb = openpyxl.load_workbook(default_run / e["file"])
            ws = wb[e["sheet"]]
            header = [c.value for c in ws[2]]
            col = header.index(e["column"]) + 1
            assert ws.cell(e["row"] + 2, col).value == "#REF!"


def test_end_before_start_really_is(default_run, manifest):
    e = next(x for x in manifest if x["kind"] == "end_before_start" and x["table"] == "episodes")
    row = _csv(default_run, e).iloc[e["row"] - 1]
    start = pd.to_datetime(row["DECOM"], format="%d/%m/%Y")
    end = pd.to_datetime(row["DEC"], format="%d/%m/%Y")
    assert end < start


def test_end_date_copied_into_earlier_episodes(default_run, manifest):
    e = next(x for x in manifest if x["kind"] == "end_date_copied")
    df = _csv(default_run, e)
    child = df[df["CHILD"] == e["child"]]
    final = child[(child["REC"] != "X1") & (child["REC"] != "")]
    assert final["DEC"].duplicated().any()


def test_health_assessment_absent_from_social_care(default_run, manifest):
    e = next(x for x in manifest if x["kind"] == "health_missing_from_social_care")
    health = pd.read_excel(default_run / e["file"], dtype=str)
    row = health.iloc[e["row"] - 1]
    sc = pd.read_csv(default_run / "social_care" / NIGHT / "health_assessments.csv", dtype=str)
    date = pd.to_datetime(row["assessment_date"]).strftime("%d/%m/%Y")
    match = sc[(sc["CHILD"] == row["child_id"]) & (sc["ASSESSMENT_DATE"] == date)]
    assert len(match) == 0


def test_sibling_visit_recorded_once(default_run, manifest):
    e = next(x for x in manifest if x["kind"] == "sibling_visit_once")
    visits = _csv(default_run, e)
    recorded = visits.iloc[e["row"] - 1]
    sibling = visits[
        (visits["CHILD"] == e["child"]) & (visits["VISIT_DATE"] == recorded["VISIT_DATE"])
    ]
    assert recorded["CHILD"] != e["child"] and len(sibling) == 0


def test_row_defects_stay_under_the_pipelines_two_percent(default_run, manifest):
    row_kinds = {
        "duplicate_row",
        "invalid_code",
        "missing_mandatory",
        "date_before_birth",
        "future_date",
        "end_before_start",
        "overlapping_episodes",
        "end_date_copied",
    }
    counts: dict[str, int] = {}
    for e in manifest:
        if e["kind"] in row_kinds:
            counts[e["file"] + str(e.get("sheet"))] = (
                counts.get(e["file"] + str(e.get("sheet")), 0) + 1
            )
    for key, n in counts.items():
        file = key.replace("None", "")
        if file.endswith(".csv"):
            rows = len(pd.read_csv(default_run / file, dtype=str))
            assert n / rows < 0.02, (file, n, rows)
