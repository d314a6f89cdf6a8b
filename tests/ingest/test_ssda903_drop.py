"""A 903 drop through ingest: landing folder -> reader -> DfE rules -> raw history.

Hand-made returns (the rows of tests/ssda903/rule_cases.py's helpers), written
as the DfE CSV tables or the DfE XML by `ssda903.write`, land in
`landing/ssda903/<extract date>/` and are ingested into a real DuckDB raw
history. Collection year 2024 is 1 April 2023 - 31 March 2024, and the
extract date 2024-03-31 falls in it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from dagster_project.ingest.ssda903_drop import collection_year_of
from dagster_project.ingest.ssda903_nightly import ingest_waiting_ssda903
from dagster_project.raw_history import connect
from dagster_project.ssda903.layout import TABLES
from dagster_project.ssda903.raw_tables import FINDINGS_TABLE
from dagster_project.ssda903.write import write_csv_tables, write_xml_return
from tests.ssda903.conftest import SSDA903_SAMPLES, hand_return
from tests.ssda903.rule_cases import ep, hd

EXTRACT = dt.date(2024, 3, 31)
DOB = "01/01/2010"
# Enough children that one quarantined episode (1 of 61, 1.6%) stays under
# the 2% a drop may lose before it is rejected, and five (8%) do not.
CHILDREN = 60


def clean_rows() -> dict[str, list[dict]]:
    """Sixty children in care since May 2023, one review and one missing period each."""
    ids = [f"C{i:03d}" for i in range(CHILDREN)]
    return {
        "header": [hd(c, dob=DOB) | {"MOTHER": "", "MC_DOB": ""} for c in ids],
        "episodes": [ep(c, "01/05/2023") for c in ids],
        "reviews": [
            {"CHILD": c, "DOB": DOB, "REVIEW": "01/06/2023", "REVIEW_CODE": "PN1"} for c in ids
        ],
        "missing": [
            {"CHILD": c, "DOB": DOB, "MISSING": "M", "MIS_START": "02/07/2023", "MIS_END": ""}
            for c in ids[:3]
        ],
    }


def land(landing: Path, rows: dict, form: str, date: dt.date = EXTRACT) -> Path:
    """Write the hand-made return as a 903 drop, CSV tables or one XML file."""
    tables = hand_return(collection_year_of(date), **rows).tables
    folder = landing / "ssda903" / date.isoformat()
    if form == "xml":
        write_xml_return(tables, folder / "return.xml")
    else:
        write_csv_tables(tables, folder)
    return folder


def raw_rows(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    frame = con.execute(
        f'select * exclude (_source_file) from "ssda903__{table}" '
        "order by _extract_date, CHILD, _row_number"
    ).df()
    return frame.reset_index(drop=True)


def ingest(tmp_path: Path, name: str, rows: dict, form: str):
    landing = tmp_path / name / "landing"
    land(landing, rows, form)
    con = connect(tmp_path / name / "raw.duckdb")
    return con, ingest_waiting_ssda903(con, landing)


def test_every_903_table_exists_empty_in_a_new_raw_history(con):
    for name in TABLES:
        columns = dict(
            con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_name = ?",
                [f"ssda903__{name}"],
            ).fetchall()
        )
        assert columns["COLLECTION_YEAR"] == "BIGINT"
        assert columns["_extract_date"] == "DATE" and columns["_row_number"] == "BIGINT"
        for column in TABLES[name].columns:
            expected = "DATE" if column in TABLES[name].date_columns else "VARCHAR"
            assert columns[column] == expected, (name, column)
        assert con.execute(f'select count(*) from "ssda903__{name}"').fetchone()[0] == 0
    assert con.execute(f"select count(*) from {FINDINGS_TABLE}").fetchone()[0] == 0


def test_the_csv_and_the_xml_form_of_one_return_give_identical_raw_tables(tmp_path):
    rows = clean_rows()
    rows["uasc"] = [{"CHILD": "C001", "SEX": "1", "DOB": DOB, "DUC": "01/01/2028"}]
    from_csv, csv_out = ingest(tmp_path, "csv", rows, "csv")
    from_xml, xml_out = ingest(tmp_path, "xml", rows, "xml")
    assert [o.status for o in csv_out] == [o.status for o in xml_out] == ["accepted"]
    for name in ("header", "episodes", "reviews", "missing", "uasc", "oc3", "ad1"):
        csv_rows, xml_rows = raw_rows(from_csv, name), raw_rows(from_xml, name)
        pd.testing.assert_frame_equal(csv_rows, xml_rows, check_dtype=True, obj=name)
    episodes = raw_rows(from_csv, "episodes")
    assert len(episodes) == CHILDREN
    assert set(episodes["COLLECTION_YEAR"]) == {2024}
    assert episodes["DECOM"].iloc[0] == pd.Timestamp("2023-05-01")
    assert len(raw_rows(from_xml, "reviews")) == CHILDREN
    lineage = from_xml.execute('select distinct _source_file from "ssda903__episodes"').fetchall()
    assert lineage == [("return.xml",)]


def test_a_damaged_drop_is_rejected_whole_on_record_and_the_next_drop_is_read(tmp_path):
    landing = tmp_path / "landing"
    folder = land(landing, clean_rows(), "csv", dt.date(2024, 3, 1))
    episodes = folder / "episodes.csv"
    # a ragged row: the reader refuses the table, naming file and line
    episodes.write_text(episodes.read_text() + "C999,01/05/2023,S\n")
    land(landing, clean_rows(), "csv", EXTRACT)
    con = connect(tmp_path / "raw.duckdb")
    first = ingest_waiting_ssda903(con, landing)
    assert [o.status for o in first] == ["rejected"]
    assert "episodes.csv, line 62" in first[0].reason and "C999" not in first[0].reason
    log = con.execute(
        "select distinct status, reason from _extract_log where source = 'ssda903'"
    ).fetchall()
    assert len(log) == 1 and log[0][0] == "rejected" and "line 62" in log[0][1]
    assert con.execute('select count(*) from "ssda903__episodes"').fetchone()[0] == 0
    # the rejection is on record, so the next run moves on to the newer drop
    second = ingest_waiting_ssda903(con, landing)
    assert [(o.extract_date, o.status) for o in second] == [(EXTRACT, "accepted")]
    assert con.execute('select count(*) from "ssda903__episodes"').fetchone()[0] == CHILDREN


def test_a_rule_broken_row_is_quarantined_and_the_rest_written(tmp_path):
    rows = clean_rows()
    rows["header"].append(hd("BAD", dob=DOB))
    rows["episodes"].append(ep("BAD", "01/05/2023", ls="C9"))  # 144: not a legal status
    con, outcomes = ingest(tmp_path, "q", rows, "csv")
    assert [o.status for o in outcomes] == ["accepted"]
    children = {c for (c,) in con.execute('select CHILD from "ssda903__episodes"').fetchall()}
    assert "BAD" not in children and len(children) == CHILDREN
    quarantine = con.execute(
        "select table_name, file_name, row_number, column_name, rule, action, child_id "
        "from _quarantine where source = 'ssda903'"
    ).fetchall()
    assert quarantine == [
        ("episodes", "episodes.csv", CHILDREN + 1, "LS", "ssda903_144", "row_dropped", "BAD")
    ]
    rows_dropped = con.execute(
        "select rows_read, rows_accepted, rows_quarantined from _extract_log "
        "where source = 'ssda903' and table_name = 'episodes'"
    ).fetchall()
    assert rows_dropped == [(CHILDREN + 1, CHILDREN, 1)]
    # counted by the month of the episode's start (the rule reads LS, undated)
    assert con.execute(
        f"select finding_month, failing_rows from {FINDINGS_TABLE} where rule = '144'"
    ).fetchall() == [(dt.date(2023, 5, 1), 1)]
    # the header row of the same child broke no rule: it is kept
    assert con.execute(
        """select count(*) from "ssda903__header" where CHILD = 'BAD'"""
    ).fetchone() == (1,)


def test_too_many_rule_broken_rows_reject_the_drop(tmp_path):
    rows = clean_rows()
    for i in range(5):
        rows["episodes"][i] = ep(f"C{i:03d}", "01/05/2023", ls="C9")
    con, outcomes = ingest(tmp_path, "many", rows, "csv")
    assert [o.status for o in outcomes] == ["rejected"]
    assert "5 of 60 rows" in outcomes[0].reason and "144" in outcomes[0].reason
    assert con.execute('select count(*) from "ssda903__header"').fetchone()[0] == 0
    assert con.execute("select count(*) from _quarantine").fetchone()[0] == 0


def test_the_findings_table_counts_rows_and_children_by_rule_and_month(tmp_path):
    rows = clean_rows()
    # 101 (warning): SEX M is not a code in 2023/24; two children, no date
    rows["header"][0]["SEX"] = "M"
    rows["header"][1]["SEX"] = "M"
    # 431 (warning): a child returns with RNE S the day its episode ended
    # (two rows of one child: the second episode is the finding, dated 1 June)
    rows["episodes"][2] = ep("C002", "01/05/2023", "01/06/2023", rec="X1")
    rows["episodes"].append(ep("C002", "01/06/2023", rne="S"))
    con, outcomes = ingest(tmp_path, "f", rows, "xml")
    assert [o.status for o in outcomes] == ["accepted"]
    found = con.execute(
        f"select rule, severity, table_name, collection_year, finding_month, failing_rows, "
        f"children from {FINDINGS_TABLE} where rule in ('101', '431') order by rule"
    ).fetchall()
    assert found == [
        ("101", "warning", "header", 2024, None, 2, 2),
        ("431", "warning", "episodes", 2024, dt.date(2023, 6, 1), 1, 1),
    ]
    # a warning drops nothing: every child's header and episode is written
    assert con.execute('select count(*) from "ssda903__episodes"').fetchone()[0] == CHILDREN + 1
    assert con.execute("select count(*) from _quarantine").fetchone()[0] == 0
    # counts only: the findings table holds no id column at all
    columns = {
        c
        for (c,) in con.execute(
            "select column_name from information_schema.columns where table_name = ?",
            [FINDINGS_TABLE],
        ).fetchall()
    }
    assert not columns & {"CHILD", "child_id", "row_number", "source_location"}
    # the child-level list the asset writes to the restricted folder
    listed = outcomes[0].findings
    assert set(listed.loc[listed["rule"] == "101", "CHILD"]) == {"C000", "C001"}


def test_an_identical_drop_is_no_change(tmp_path):
    landing = tmp_path / "landing"
    land(landing, clean_rows(), "xml", dt.date(2024, 3, 1))
    land(landing, clean_rows(), "xml", EXTRACT)
    con = connect(tmp_path / "raw.duckdb")
    outcomes = ingest_waiting_ssda903(con, landing)
    assert [o.status for o in outcomes] == ["accepted", "no_change"]
    assert con.execute('select count(*) from "ssda903__header"').fetchone()[0] == CHILDREN


def test_a_drop_of_year_folders_keeps_each_year(tmp_path):
    landing = tmp_path / "landing"
    folder = landing / "ssda903" / EXTRACT.isoformat()
    for year, decom in ((2023, "01/05/2022"), (2024, "01/05/2023")):
        rows = clean_rows()
        rows["episodes"] = [ep(r["CHILD"], decom) for r in rows["header"]]
        rows["reviews"] = rows["missing"] = []
        write_csv_tables(hand_return(year, **rows).tables, folder / f"{year - 1}-{year % 100}")
    con = connect(tmp_path / "raw.duckdb")
    assert [o.status for o in ingest_waiting_ssda903(con, landing)] == ["accepted"]
    years = con.execute(
        'select COLLECTION_YEAR, count(*), min(_source_file) from "ssda903__episodes" '
        "group by all order by 1"
    ).fetchall()
    # the raw-history writer names a table's files once per drop: here both
    # years' files; a row is found by its COLLECTION_YEAR and _row_number
    both = "2022-23/episodes.csv, 2023-24/episodes.csv"
    assert years == [(2023, CHILDREN, both), (2024, CHILDREN, both)]
    # row numbers count on through the files, so each names one row of the table
    numbers = con.execute(
        "select min(_row_number), max(_row_number), count(distinct _row_number) "
        'from "ssda903__episodes"'
    ).fetchone()
    assert numbers == (1, 2 * CHILDREN, 2 * CHILDREN)


def test_a_repeated_row_keeps_one_copy_and_clashing_rows_are_all_dropped(tmp_path):
    rows = clean_rows()
    # three reviews a child, so three rows dropped (1.6%) stay under the 2%
    rows["reviews"] += [r | {"REVIEW": "01/09/2023"} for r in rows["reviews"]] + [
        r | {"REVIEW": "01/12/2023"} for r in rows["reviews"]
    ]
    rows["reviews"].append(dict(rows["reviews"][0]))  # C000's review, exported twice
    rows["reviews"].append(rows["reviews"][1] | {"REVIEW_CODE": "PN2"})  # C001: two codes
    con, outcomes = ingest(tmp_path, "keys", rows, "csv")
    assert [o.status for o in outcomes] == ["accepted"]
    kept = con.execute(
        """select CHILD, count(*) from "ssda903__reviews" where CHILD in ('C000', 'C001')
        group by all order by 1"""
    ).fetchall()
    assert kept == [("C000", 3), ("C001", 2)]
    quarantine = con.execute(
        "select child_id, row_number, rule from _quarantine order by row_number"
    ).fetchall()
    assert quarantine == [
        ("C001", 2, "ssda903_key_unique"),
        ("C000", 3 * CHILDREN + 1, "ssda903_duplicate_row"),
        ("C001", 3 * CHILDREN + 2, "ssda903_key_unique"),
    ]


def _sample_drop(tmp_path: Path, files: list[Path], date: dt.date) -> Path:
    landing = tmp_path / "landing"
    folder = landing / "ssda903" / date.isoformat()
    folder.mkdir(parents=True)
    for path in files:
        assert path.is_file(), f"the SSDA903 sample is missing: {path}"
        (folder / path.name).write_bytes(path.read_bytes())
    return landing


def test_the_dfe_fake_xml_return_is_rejected_by_its_adoptions_with_reasons_not_values(tmp_path):
    """The DfE sample XML (2017/18) has AD1 records with no adoption in the year (602)."""
    xml = SSDA903_SAMPLES / "validator_fake" / "fake_903.xml"
    landing = _sample_drop(tmp_path, [xml], dt.date(2018, 3, 31))
    con = connect(tmp_path / "raw.duckdb")
    (outcome,) = ingest_waiting_ssda903(con, landing)
    assert outcome.status == "rejected"
    assert outcome.reason.startswith("ad1: 3 of 3 rows") and "(602)" in outcome.reason
    # the rest of the return read and was checked: 253 children, counted not named
    assert outcome.tables["header"].rows_read == 253
    children = set(outcome.findings["CHILD"].dropna())
    assert children and not any(child in outcome.reason for child in children)
    assert con.execute('select count(*) from "ssda903__header"').fetchone()[0] == 0
    assert con.execute(f"select count(*) from {FINDINGS_TABLE}").fetchone()[0] == 0


def test_the_dirty_liia_files_are_rejected_with_per_row_findings_not_a_crash(tmp_path):
    """Repeated child ids, a blank legal status, a dummy RNE and an unknown column."""
    folder = SSDA903_SAMPLES / "liia_samples"
    files = [folder / "SSDA903_2020_header.csv", folder / "SSDA903_2020_episodes.csv"]
    landing = _sample_drop(tmp_path, files, dt.date(2020, 3, 31))
    con = connect(tmp_path / "raw.duckdb")
    (outcome,) = ingest_waiting_ssda903(con, landing)
    assert outcome.status == "rejected" and "P01" in outcome.reason
    rules = set(outcome.findings["rule"])
    assert {"P01", "143", "144"} <= rules
    assert any("TEST_COLUMN: not a 903 column" in w for w in outcome.warnings)
    statuses = con.execute(
        "select distinct status from _extract_log where source = 'ssda903'"
    ).fetchall()
    assert statuses == [("rejected",)]


def test_a_rejected_drop_corrected_and_redelivered_is_read_again(tmp_path):
    landing = tmp_path / "landing"
    folder = land(landing, clean_rows(), "xml")
    good = (folder / "return.xml").read_bytes()
    (folder / "return.xml").write_bytes(good[: len(good) // 2])  # truncated in transfer
    con = connect(tmp_path / "raw.duckdb")
    assert [o.status for o in ingest_waiting_ssda903(con, landing)] == ["rejected"]
    assert ingest_waiting_ssda903(con, landing) == []  # not retried every night
    (folder / "return.xml").write_bytes(good)
    (folder / "REDELIVERY").touch()
    assert [o.status for o in ingest_waiting_ssda903(con, landing)] == ["accepted"]
    assert con.execute('select count(*) from "ssda903__header"').fetchone()[0] == CHILDREN
