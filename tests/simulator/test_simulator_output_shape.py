"""The landing layout, files, sheets, headers and codes are the contract's."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pandas as pd
import pytest

from contract import load_contract
from simulator.cli import main
from simulator.ids import nhs_check_digit

CONTRACT = load_contract()
NIGHT = "2024-03-31"


def read_table(root, source, table, night=NIGHT):
    path = root / source.name / night / table.file
    if source.format == "csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    return pd.read_excel(path, sheet_name=table.sheet, header=table.header_row - 1, dtype=str)


@pytest.mark.parametrize("table", CONTRACT.tables(), ids=lambda t: t.qualified_name)
def test_every_table_present_non_empty_with_contract_columns(small_run, table):
    source = CONTRACT.source(table.source)
    df = read_table(small_run, source, table)
    assert list(df.columns) == table.column_names
    assert len(df) > 0


def test_codes_and_formats_in_clean_run(tmp_path):
    out = tmp_path / "clean"
    args = ["--out", str(out), "--population", "6000", "--start", "2023-04-01",
            "--end", "2024-03-31", "--clean"]  # fmt: skip
    assert main(args) == 0
    for table in CONTRACT.tables():
        source = CONTRACT.source(table.source)
        df = read_table(out, source, table)
        if table.key:
            assert not df.duplicated(list(table.key)).any(), table.qualified_name
        for col in table.columns:
            values = df[col.name].fillna("").astype(str)
            if col.mandatory:
                assert (values != "").all(), (table.qualified_name, col.name)
            present = values[values != ""]
            if col.type == "code":
                allowed = set(CONTRACT.code_lists[col.codes])
                assert set(present) <= allowed, (table.qualified_name, col.name)
            if col.type == "date" and source.format == "csv":
                for v in present.head(50):
                    dt.datetime.strptime(v, source.date_format)
            if col.type == "datetime" and source.format == "csv":
                for v in present.head(50):
                    dt.datetime.strptime(v, source.datetime_format)
    manifest = (out / "_truth" / "defects.jsonl").read_text()
    assert manifest == ""


def test_fostering_tracker_layout(small_run):
    wb = openpyxl.load_workbook(small_run / "fostering" / NIGHT / "fostering_tracker.xlsx")
    assert wb.sheetnames[0] == "Notes"
    for t in CONTRACT.source("fostering").tables:
        ws = wb[t.sheet]
        title = ws.cell(1, 1).value
        assert isinstance(title, str) and t.sheet in title
        assert [c.value for c in ws[2]] == t.column_names


def test_in_house_foster_placements_link_to_households(small_run):
    eps = pd.read_csv(small_run / "social_care" / NIGHT / "episodes.csv", dtype=str)
    hh = pd.read_excel(
        small_run / "fostering" / NIGHT / "fostering_tracker.xlsx", sheet_name="Households",
        header=1, dtype=str,
    )  # fmt: skip
    recent = pd.to_datetime(eps["DECOM"], format="%d/%m/%Y", errors="coerce") >= "2022-01-01"
    in_house = eps[recent & eps["PLACE"].str.match(r"U[1-6]$") & (eps["PLACE_PROVIDER"] == "PR1")]
    assert len(in_house) > 0
    assert in_house["URN"].isin(set(hh["household_id"])).mean() > 0.95


def test_identifiers_are_plainly_fake(small_run):
    hdr = pd.read_csv(small_run / "social_care" / NIGHT / "header.csv", dtype=str)
    assert hdr["CHILD"].str.fullmatch(r"\d{6,7}").all()
    upn = hdr["UPN"].dropna()
    assert upn.str.fullmatch(r"[A-Z]999\d{9}").all()
    health = pd.read_excel(small_run / "health" / NIGHT / "health_assessments.xlsx", dtype=str)
    nhs = health["nhs_number"].dropna()
    nhs = nhs[nhs != ""]
    assert nhs.str.startswith("999").all()
    assert all(nhs_check_digit(n[:9]) == int(n[9]) for n in nhs)
    eps = pd.read_csv(small_run / "social_care" / NIGHT / "episodes.csv", dtype=str)
    posts = pd.concat([eps["HOME_POST"], eps["PL_POST"]]).dropna()
    assert posts.map(lambda p: bool(re.fullmatch(r"ZZ99 \d[A-Z]{2}", p))).all()


def test_population_file(small_run):
    pop = pd.read_csv(small_run / "population" / NIGHT / "population.csv", dtype=str)
    assert set(pop["la_code"]) == {"999"}
    assert {"2022", "2023"} <= set(pop["mid_year"])
    assert pop["population_0_17"].astype(int).between(5000, 7000).all()


def test_weekly_sources_only_on_their_nights(tmp_path):
    out = tmp_path / "nightly"
    args = ["--out", str(out), "--population", "3000", "--start", "2023-04-01",
            "--end", "2024-03-31", "--extracts", "8"]  # fmt: skip
    assert main(args) == 0
    assert len(list((out / "social_care").iterdir())) == 8
    assert sorted(p.name for p in (out / "health").iterdir()) == ["2024-03-24", "2024-03-31"]
    assert [p.name for p in (out / "population").iterdir()] == ["2024-03-31"]


def test_many_las_each_in_its_own_folder(tmp_path):
    out = tmp_path / "many"
    args = ["--out", str(out), "--las", "801,802", "--population", "4000", "--start",
            "2023-04-01", "--end", "2024-03-31", "--no-truth"]  # fmt: skip
    assert main(args) == 0
    for code in ("801", "802"):
        pop = pd.read_csv(out / code / "population" / NIGHT / "population.csv", dtype=str)
        assert set(pop["la_code"]) == {code}
        assert (out / code / "social_care" / NIGHT / "episodes.csv").exists()
    a = (out / "801" / "social_care" / NIGHT / "episodes.csv").read_bytes()
    b = (out / "802" / "social_care" / NIGHT / "episodes.csv").read_bytes()
    assert a != b
    # the council registry: one row per council, each benchmarked as a real LA
    councils = pd.read_csv(out / "councils.csv", dtype=str)
    assert list(councils.columns) == ["la_code", "name", "benchmark_la_code"]
    assert councils.to_dict("records") == [
        {"la_code": "801", "name": "Simulated council 801", "benchmark_la_code": "373"},
        {"la_code": "802", "name": "Simulated council 802", "benchmark_la_code": "380"},
    ]
