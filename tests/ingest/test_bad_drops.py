"""Each kind of bad drop is rejected whole, named precisely, and changes nothing.

Each test first ingests a good drop, so "unchanged" compares real rows, then
lands a bad drop a day later and checks the rejection message names the file,
the line or row, and the column, and that the raw tables and the quarantine
are exactly as before.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from contract import load_contract
from dagster_project.ingest.discovery import waiting_drops
from dagster_project.ingest.pipeline import ingest_drop
from tests.ingest.drops import (
    EXTRACT_DATE,
    make_rows,
    prime_raw_history,
    primed_copy,
    raw_snapshot,
    write_csv,
    write_drop,
)

NEXT = EXTRACT_DATE + dt.timedelta(days=1)
# 100 rows so that 1 bad row (1%) is under the 2% quarantine threshold and
# 5 bad rows (5%) are over it.
N = 100


@pytest.fixture(scope="module")
def primed_template(tmp_path_factory) -> Path:
    """A raw history holding one good drop of three sources, built once."""
    base = tmp_path_factory.mktemp("primed")
    sources = ("social_care", "fostering", "virtual_school")
    prime_raw_history(base / "raw.duckdb", base / "landing", sources, EXTRACT_DATE, N)
    return base / "raw.duckdb"


@pytest.fixture
def primed(tmp_path, primed_template):
    """A private copy of the primed raw history, and its contents before the test."""
    with primed_copy(primed_template, tmp_path) as opened:
        yield opened


def _ingest_next(landing, con, source: str):
    drops = waiting_drops(landing, con, source)
    assert [d.extract_date for d in drops] == [NEXT]
    return ingest_drop(con, drops[0])


def _assert_rejected_unchanged(outcome, con, before, *needles: str):
    assert not outcome.accepted
    for needle in needles:
        assert needle in outcome.reason, (needle, outcome.reason)
    assert raw_snapshot(con) == before
    status = con.execute(
        "select distinct status from _extract_log where extract_date = ?", [NEXT]
    ).fetchall()
    assert status == [("rejected",)]


def _episodes():
    return load_contract().source("social_care").table("episodes")


def test_missing_column(landing, primed):
    con, before = primed
    folder = write_drop(landing, "social_care", NEXT, n=N)
    table = _episodes()
    write_csv(
        folder / "episodes.csv",
        table,
        make_rows(table, N),
        [c for c in table.column_names if c != "LS"],
    )
    outcome = _ingest_next(landing, con, "social_care")
    _assert_rejected_unchanged(outcome, con, before, "episodes.csv", "line 1", "column LS")
    assert outcome.tables["episodes"].failed_rules[0]["rule"] == "missing_column"


def _peps():
    return load_contract().source("virtual_school").table("peps")


def test_extra_column_is_accepted_with_a_warning(landing, con):
    folder = write_drop(landing, "virtual_school", EXTRACT_DATE, n=N)
    table = _peps()
    rows = make_rows(table, N)
    for r in rows:
        r["LOCAL_FLAG"] = "x"
    write_csv(folder / "peps.csv", table, rows, [*table.column_names, "LOCAL_FLAG"])
    (drop,) = waiting_drops(landing, con, "virtual_school")
    outcome = ingest_drop(con, drop)
    assert outcome.accepted
    # Where the extra column is, never its header: a header is text from the file.
    (warning,) = outcome.tables["peps"].warnings
    assert warning == (
        f"peps.csv: 1 column not in the contract (position {len(table.column_names) + 1}), ignored"
    )
    assert "LOCAL_FLAG" not in warning


@pytest.mark.parametrize(
    ("column", "bad_value", "rule"),
    [
        ("pep_date", "2023-13-45", "date_format"),  # garbled date
        ("child_id", None, "mandatory"),  # the row cannot be placed
    ],
)
def test_row_faults_over_threshold_reject(landing, primed, column, bad_value, rule):
    con, before = primed
    table = _peps()
    rows = make_rows(table, N)
    for i in range(5):
        rows[10 + i][column] = bad_value
    write_drop(landing, "virtual_school", NEXT, n=N, rows={"peps": rows})
    outcome = _ingest_next(landing, con, "virtual_school")
    # Data row 11 is file line 12: the header is line 1.
    _assert_rejected_unchanged(outcome, con, before, "peps.csv", f"column {column}", "line 12")
    failed = outcome.tables["peps"].failed_rules
    assert {"rule": rule, "column": column, "rows": 5} == {
        k: failed[0][k] for k in ("rule", "column", "rows")
    }
    assert failed[0]["first_rows"] == [12, 13, 14, 15, 16]
    assert bad_value is None or bad_value not in repr(outcome)


def test_row_fault_under_threshold_is_quarantined(landing, con):
    table = _peps()
    rows = make_rows(table, N)
    rows[41]["pep_date"] = "01/06/2023"  # dd/mm/yyyy, not the source's ISO format
    write_drop(landing, "virtual_school", EXTRACT_DATE, n=N, rows={"peps": rows})
    (drop,) = waiting_drops(landing, con, "virtual_school")
    outcome = ingest_drop(con, drop)
    assert outcome.accepted
    peps = outcome.tables["peps"]
    assert (peps.rows_read, peps.rows_accepted, peps.rows_quarantined) == (N, N - 1, 1)
    assert con.execute('select count(*) from "virtual_school__peps"').fetchone()[0] == N - 1
    quarantined = con.execute(
        "select table_name, file_name, row_number, column_name, rule from _quarantine"
    ).fetchall()
    assert quarantined == [("peps", "peps.csv", 43, "pep_date", "date_format")]
    # The row is findable, the value is not stored anywhere.
    stored = repr(con.execute("select * from _quarantine, _extract_log").fetchall())
    assert "01/06/2023" not in stored


def test_empty_file_rejected(landing, primed):
    con, before = primed
    folder = write_drop(landing, "social_care", NEXT, n=N)
    (folder / "reviews.csv").write_bytes(b"")
    outcome = _ingest_next(landing, con, "social_care")
    _assert_rejected_unchanged(outcome, con, before, "reviews.csv", "empty")


def test_header_only_main_table_rejected(landing, primed):
    con, before = primed
    write_drop(landing, "social_care", NEXT, n=N, rows={"header": []})
    outcome = _ingest_next(landing, con, "social_care")
    _assert_rejected_unchanged(outcome, con, before, "header.csv", "main table has no rows")


def test_header_only_other_table_accepted(landing, con):
    write_drop(landing, "virtual_school", EXTRACT_DATE, n=N, rows={"exclusions": []})
    (drop,) = waiting_drops(landing, con, "virtual_school")
    outcome = ingest_drop(con, drop)
    assert outcome.accepted
    assert outcome.tables["exclusions"].rows_read == 0


def test_truncated_csv_last_line(landing, primed):
    con, before = primed
    folder = write_drop(landing, "social_care", NEXT, n=N)
    path = folder / "episodes.csv"
    text = path.read_text()
    path.write_text(text[: len(text) - 40])  # cut off mid-way through the last record
    outcome = _ingest_next(landing, con, "social_care")
    _assert_rejected_unchanged(outcome, con, before, "episodes.csv", f"line {N + 1}", "cut off")


def test_unterminated_quote(landing, primed):
    con, before = primed
    folder = write_drop(landing, "social_care", NEXT, n=N)
    path = folder / "visits.csv"
    lines = path.read_text().splitlines(keepends=True)
    lines[-3] = '"' + lines[-3]  # a quote opened on line N-1 and never closed
    path.write_text("".join(lines))
    outcome = _ingest_next(landing, con, "social_care")
    _assert_rejected_unchanged(outcome, con, before, "visits.csv", f"line {N - 1}")


def test_random_bytes_xlsx(landing, primed):
    con, before = primed
    folder = write_drop(landing, "fostering", NEXT, n=N)
    (folder / "fostering_tracker.xlsx").write_bytes(bytes(range(256)) * 8)
    outcome = _ingest_next(landing, con, "fostering")
    _assert_rejected_unchanged(outcome, con, before, "fostering_tracker.xlsx", "not a readable")


def test_missing_sheet(landing, primed):
    from openpyxl import load_workbook

    con, before = primed
    folder = write_drop(landing, "fostering", NEXT, n=N)
    path = folder / "fostering_tracker.xlsx"
    wb = load_workbook(path)
    del wb["Approvals"]
    wb.save(path)
    outcome = _ingest_next(landing, con, "fostering")
    _assert_rejected_unchanged(outcome, con, before, "fostering_tracker.xlsx", "sheet Approvals")


def test_header_in_wrong_row(landing, primed):
    from openpyxl import load_workbook

    con, before = primed
    folder = write_drop(landing, "fostering", NEXT, n=N)
    path = folder / "fostering_tracker.xlsx"
    wb = load_workbook(path)
    wb["Households"].delete_rows(1)  # the title row is gone; the header moves up to row 1
    wb.save(path)
    outcome = _ingest_next(landing, con, "fostering")
    _assert_rejected_unchanged(
        outcome, con, before, "fostering_tracker.xlsx sheet Households", "row 2", "column"
    )


def test_ref_error_cell(landing, primed):
    con, before = primed
    rows = make_rows(load_contract().source("fostering").table("households"), N)
    for i in range(3):
        rows[i]["household_id"] = "#REF!"
    write_drop(landing, "fostering", NEXT, n=N, rows={"households": rows})
    outcome = _ingest_next(landing, con, "fostering")
    # Data rows start below the title (row 1) and header (row 2).
    _assert_rejected_unchanged(
        outcome, con, before, "sheet Households", "column household_id", "row 3, 4, 5"
    )


def test_unknown_code_in_xlsx_date_cell_text(landing, con):
    """A date typed as text in the health workbook parses with the date_format."""
    table = load_contract().source("health").table("assessments")
    rows = make_rows(table, N)
    rows[0]["assessment_date"] = "2023-06-01"  # text, not a date cell
    write_drop(landing, "health", EXTRACT_DATE, n=N, rows={"assessments": rows})
    (drop,) = waiting_drops(landing, con, "health")
    outcome = ingest_drop(con, drop)
    assert outcome.accepted
    assert outcome.tables["assessments"].rows_quarantined == 0


def test_file_cut_inside_its_last_field(landing, con):
    folder = write_drop(landing, "virtual_school", EXTRACT_DATE, n=N)
    path = folder / "peps.csv"
    text = path.read_text()
    path.write_text(text.rstrip()[:-4])  # recorded_at loses its seconds and newline
    (drop,) = waiting_drops(landing, con, "virtual_school")
    outcome = ingest_drop(con, drop)
    peps = outcome.tables["peps"]
    assert outcome.accepted and peps.rows_quarantined == 1
    assert peps.failed_rules[0]["first_rows"] == [N + 1]
    assert f"line {N + 1} may be cut off" in peps.warnings[0]
