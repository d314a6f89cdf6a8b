"""Gates on what changed give, night by night, exactly what validating every row gives.

A small LA with the simulator's defects is simulated for four consecutive
nights. Each night, six tables (between them every kind of rule: codes,
mandatory fields, dates not after the extract, an end not before its start,
single and compound keys, repeated rows, a spreadsheet's cells, counts) are
validated twice: by `validate_table` with the outcomes stored in a DuckDB
file from the nights before (GX sees only rows not seen before), and by
`validate_table_full` (GX on every row). Six tables, not all 24: GX costs
about 10 ms per expectation whatever the rows, so this keeps the test to
seconds. The verdicts must be equal: every failed rule, its
action, its row count and first rows, every finding, every dropped row.

On top of the simulator's own changes, the test makes the nights that
matter:

- night 1 brings new defects: a code outside its list, a blank mandatory
  field, a visit dated the day after the extract;
- night 2 keeps those rows' text unchanged: the code and mandatory defects
  must still count (from the stored outcomes, GX not seeing the rows), and
  the visit, now dated on the extract night, must pass;
- night 3 fixes them;
- then night 0 is delivered again (a night older than the stored outcomes).
"""

from __future__ import annotations

import datetime as dt
import gc
import subprocess
import sys
import threading
import weakref
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from contract import load_contract
from dagster_project.gates import runner
from dagster_project.gates.build_suites import ROW_NUMBER
from dagster_project.gates.outcomes import ROWS, SUITES, OutcomeStore, row_hashes
from dagster_project.gates.runner import validate_table, validate_table_full
from dagster_project.ingest.discovery import all_drops
from dagster_project.ingest.reading import read_table

REPO = Path(__file__).resolve().parents[2]
END = dt.date(2024, 3, 31)
NIGHTS = 4
SIM_ARGS = ["--population", "4000", "--start", "2023-04-01", "--seed", "7", "--no-truth"]
SIM_ARGS += ["--end", END.isoformat(), "--extracts", str(NIGHTS)]

# Tables validated each night: between them every kind of rule, and the
# defects the simulator puts in episodes and visits.
TABLES = [
    ("social_care", "episodes"),
    ("social_care", "visits"),
    ("social_care", "missing"),
    ("fostering", "households"),
    ("virtual_school", "attendance"),
    ("population", "population"),
]
DEFECT_NIGHTS = (1, 2)  # nights carrying the test's own defects; night 3 fixes them


def _contract_table(source: str, name: str):
    return load_contract().source(source).table(name)


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("incremental_gates") / "landing"
    subprocess.run(
        [sys.executable, "-m", "simulator", "--out", str(out), *SIM_ARGS],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    return out


def _frames(landing: Path) -> dict[str, list[tuple[dt.date, pd.DataFrame]]]:
    """Per table, each of the four nights' (extract date, text frame).

    A weekly source drops on the last of these nights only: that drop
    stands for every night (its rows unchanged, the extract date moving on).
    """
    nights = [d.extract_date for d in all_drops(landing, "social_care")]
    assert len(nights) == NIGHTS and nights[-1] - nights[0] == dt.timedelta(days=NIGHTS - 1)
    frames = {}
    for source, name in TABLES:
        table = _contract_table(source, name)
        drops = all_drops(landing, source)
        frames[table.qualified_name] = [
            (night, read_table(drops[-1].path, table).frame) for night in nights
        ]
    return frames


def _rows_of_key(frame: pd.DataFrame, table, key: tuple) -> pd.Series:
    return (frame[list(table.key)] == pd.Series(key, index=list(table.key))).all(axis=1)


def _defect_keys(frames: dict) -> dict[str, tuple[tuple, str, str | None]]:
    """(key, column, text) the test sets on nights 1 and 2, on a clean row there every night."""
    night = frames["social_care__episodes"][1][0]
    date_format = load_contract().source("social_care").date_format
    tomorrow = (night + dt.timedelta(days=1)).strftime(date_format)
    wanted = {
        "social_care__episodes": ("PLACE", "Z9"),
        "social_care__visits": ("VISIT_DATE", tomorrow),
        "fostering__households": ("approval_date", None),
    }
    out = {}
    for q, (column, text) in wanted.items():
        table = next(t for t in load_contract().tables() if t.qualified_name == q)
        frame = frames[q][1][1]
        for _, row in frame[frame[column].notna()].iloc[5:].iterrows():
            key = tuple(row[list(table.key)])
            if all(_rows_of_key(frames[q][n][1], table, key).sum() == 1 for n in range(NIGHTS)):
                out[q] = (key, column, text)
                break
    assert out.keys() == wanted.keys()
    return out


def _comparable(verdict) -> tuple:
    return (
        verdict.rejected,
        verdict.reason,
        [(f.as_dict(), f.structural) for f in verdict.failed_rules],
        verdict.findings,
        verdict.quarantined_rows,
        verdict.nulled_fields,
        verdict.rows_read,
    )


def _rule_rows(verdict, rule: str, column: str) -> int:
    return sum(f.rows for f in verdict.failed_rules if f.rule == rule and f.column == column)


@pytest.fixture(scope="module")
def nights(landing, tmp_path_factory):
    """Every night's (name, night, incremental verdict, full verdict, frame), in order."""
    frames = _frames(landing)
    defects = _defect_keys(frames)
    rows = {}  # (table, night) -> the file row of the test's defect
    con = duckdb.connect(str(tmp_path_factory.mktemp("outcomes") / "raw_history.duckdb"))
    store = OutcomeStore(con)
    out = []
    for n in range(NIGHTS):
        for source, name in TABLES:
            table = _contract_table(source, name)
            q = table.qualified_name
            night, frame = frames[q][n]
            if q in defects:
                key, column, text = defects[q]
                at = _rows_of_key(frame, table, key)
                rows[(q, n)] = int(frame.loc[at, ROW_NUMBER].iloc[0])
                if n in DEFECT_NIGHTS:
                    frame = frame.copy()
                    frame.loc[at, column] = text
                    # night 2: the row's text exactly as on night 1 (the simulator
                    # may have changed another field overnight)
                    if n == 2:
                        before = frames[q][1][1]
                        same = before.loc[
                            _rows_of_key(before, table, key), list(table.column_names)
                        ]
                        frame.loc[at, list(table.column_names)] = same.to_numpy()
                frames[q][n] = (night, frame)
            incremental = validate_table(table, frame, night, store)
            out.append(
                (
                    table.qualified_name,
                    n,
                    incremental,
                    validate_table_full(table, frame, night),
                    frame,
                )
            )
    # Night 0 delivered again, after night 3: older than the stored outcomes.
    for source, name in TABLES:
        table = _contract_table(source, name)
        night, frame = frames[table.qualified_name][0]
        out.append(
            ("again " + table.qualified_name, 0, validate_table(table, frame, night, store),
             validate_table_full(table, frame, night), frame)
        )  # fmt: skip
    try:
        night_0 = frames["social_care__episodes"][0][0]
        dates = [frames["social_care__episodes"][n][0] for n in range(NIGHTS)]
        yield {"verdicts": out, "rows": rows, "con": con, "night_0": night_0, "dates": dates}
    finally:
        con.close()


def test_every_night_every_table_equals_full_validation(nights):
    for name, n, incremental, full, _ in nights["verdicts"]:
        assert _comparable(incremental) == _comparable(full), (name, n)
    failing = [v for _, _, _, v, _ in nights["verdicts"] if v.failed_rules]
    assert len(failing) >= 10, "the nights must carry defects for the comparison to mean much"


def test_after_the_first_night_gx_sees_only_new_rows(nights):
    by = {(name, n): (inc, frame) for name, n, inc, _, frame in nights["verdicts"]}
    for source, name in TABLES:
        q = _contract_table(source, name).qualified_name
        first, frame = by[(q, 0)]
        assert first.rows_validated == len(frame), q
    read = sum(len(by[(f"{s}__{t}", n)][1]) for s, t in TABLES for n in (1, 2, 3))
    seen = sum(by[(f"{s}__{t}", n)][0].rows_validated for s, t in TABLES for n in (1, 2, 3))
    assert seen < read / 20, (seen, read)
    # the weekly sources' files are unchanged: GX ran on none of their rows
    for n in (1, 2, 3):
        assert by[("virtual_school__attendance", n)][0].rows_validated == 0


def test_an_unchanged_defective_row_still_counts_and_a_fixed_one_does_not(nights):
    by = {(name, n): (inc, frame) for name, n, inc, _, frame in nights["verdicts"]}
    rows = nights["rows"]
    table = _contract_table("social_care", "episodes")
    night_1, night_2 = by[("social_care__episodes", 1)][1], by[("social_care__episodes", 2)][1]
    hashes_1 = row_hashes(table, night_1)[night_1[ROW_NUMBER] == rows[(table.qualified_name, 1)]]
    hashes_2 = row_hashes(table, night_2)[night_2[ROW_NUMBER] == rows[(table.qualified_name, 2)]]
    assert list(hashes_1) == list(hashes_2), "the defective row is unchanged on night 2"
    for n in DEFECT_NIGHTS:
        episodes, _ = by[("social_care__episodes", n)]
        row = rows[("social_care__episodes", n)]
        assert any(f.row == row and f.rule == "code_list" for f in episodes.findings), n
        assert row in episodes.quarantined_rows, n
        assert _rule_rows(episodes, "code_list", "PLACE") >= 1
    # night 2: GX did not see the row, the stored outcome counted it
    assert by[("social_care__episodes", 2)][0].rows_validated < len(night_2) / 10
    assert (
        rows[("social_care__episodes", 3)]
        not in by[("social_care__episodes", 3)][0].quarantined_rows
    )
    for n in DEFECT_NIGHTS:
        households, _ = by[("fostering__households", n)]
        row = rows[("fostering__households", n)]
        assert any(f.row == row and f.rule == "mandatory" for f in households.findings), n
    row = rows[("fostering__households", 3)]
    assert not any(f.row == row for f in by[("fostering__households", 3)][0].findings)


def test_a_date_after_the_extract_passes_once_the_extract_reaches_it(nights):
    by = {(name, n): inc for name, n, inc, _, _ in nights["verdicts"]}
    rows = nights["rows"]

    def future(n: int) -> list[int]:
        return [
            f.row for f in by[("social_care__visits", n)].findings if f.rule == "not_after_extract"
        ]

    assert rows[("social_care__visits", 1)] in future(1)
    assert rows[("social_care__visits", 2)] not in future(2)


def test_the_store_holds_the_last_nights_distinct_rows_and_no_value(nights):
    """What is kept is exactly the last validated extract's rows (night 0, re-delivered)."""
    con = nights["con"]
    for name, _, _, _, frame in nights["verdicts"]:
        if not name.startswith("again "):
            continue
        q = name.removeprefix("again ")
        table = next(t for t in load_contract().tables() if t.qualified_name == q)
        stored = con.execute(f"select row_hash from {ROWS} where table_name = ?", [q]).fetchall()
        assert sorted(int(r[0]) for r in stored) == sorted(
            int(h) for h in row_hashes(table, frame).unique()
        ), q
    columns = {r[0] for r in con.execute(f"describe {ROWS}").fetchall()}
    assert columns == {"table_name", "row_hash", "failed"}
    kept = con.execute(f"select distinct checked_for from {SUITES}").fetchall()
    assert kept == [(nights["night_0"],)]


def test_outcomes_stored_under_another_suite_are_not_used(tmp_path, landing):
    """A contract change (another fingerprint) revalidates every row, whatever was stored."""
    table = _contract_table("social_care", "episodes")
    night, frame = _frames(landing)[table.qualified_name][0]
    con = duckdb.connect(str(tmp_path / "raw_history.duckdb"))
    store = OutcomeStore(con)
    # Stored as if every row were clean, under a suite that is not tonight's.
    con.execute(
        f"insert into {SUITES} values (?, 'another suite', ?)", [table.qualified_name, night]
    )
    hashes = row_hashes(table, frame).unique()
    con.register("h", pd.DataFrame({"row_hash": hashes}))
    con.execute(f"insert into {ROWS} select ?, row_hash, '' from h", [table.qualified_name])
    verdict = validate_table(table, frame, night, store)
    assert verdict.rows_validated == len(frame)
    assert _comparable(verdict) == _comparable(validate_table_full(table, frame, night))
    assert verdict.failed_rules


def test_an_empty_table_and_a_missing_column_equal_full_validation(landing):
    table = _contract_table("social_care", "missing")
    night, frame = _frames(landing)[table.qualified_name][0]
    empty = frame.iloc[0:0]
    assert _comparable(validate_table(table, empty, night)) == _comparable(
        validate_table_full(table, empty, night)
    )
    without = frame.drop(columns=[table.column_names[-1]])
    verdict = validate_table(table, without, night)
    assert verdict.rejected
    assert _comparable(verdict) == _comparable(validate_table_full(table, without, night))


def test_one_gx_session_serves_every_table_and_night_of_a_thread(landing):
    """A thread builds one GX context and one batch definition per table, whatever the nights.

    Run in a thread of its own, so what other tests of this process built
    does not count; its verdicts must equal a fresh context's (the reference).
    """
    frames = _frames(landing)
    tables = [_contract_table(s, n) for s, n in TABLES[:3]]
    seen: dict = {}

    def catch_up() -> None:
        before = runner.sessions_built
        first = runner.session()
        seen["verdicts"] = [
            (
                validate_table(t, frames[t.qualified_name][n][1], frames[t.qualified_name][n][0]),
                t,
                n,
            )
            for n in range(2)
            for t in tables
        ]
        seen["built"] = runner.sessions_built - before
        seen["same"] = runner.session() is first and runner.session().context is first.context
        seen["definitions"] = sorted(first.batch_definitions)

    thread = threading.Thread(target=catch_up)
    thread.start()
    thread.join()
    assert seen["built"] == 1
    assert seen["same"]
    assert seen["definitions"] == sorted(t.qualified_name for t in tables)
    assert runner.session() is not None  # this thread's own, apart from the other's
    for verdict, table, n in seen["verdicts"]:
        night, frame = frames[table.qualified_name][n]
        assert _comparable(verdict) == _comparable(validate_table_full(table, frame, night))
    assert any(v.failed_rules for v, _, _ in seen["verdicts"])


def test_pass_fail_then_named_rows_equals_one_complete_pass(nights):
    """GX's two passes (pass/fail, then the failing expectations' rows) give one pass's results."""
    failing = 0
    for name, n, _, _, frame in nights["verdicts"]:
        if name.startswith("again ") or n != 1:
            continue
        table = next(t for t in load_contract().tables() if t.qualified_name == name)
        checked = runner.validation_frame(table, frame)
        night = nights["dates"][n]
        expectations = runner.load_suite(table)["expectations"]
        two = runner._run_suite(table, checked, night, expectations)
        one = runner._validate(
            runner.GxSession(), table, checked, night, expectations, runner.NAMING_ROWS
        )
        assert len(two) == len(one) == len(expectations), name
        for a, b in zip(two, one, strict=True):
            assert a.expectation_config.type == b.expectation_config.type, name
            assert a.expectation_config.kwargs == b.expectation_config.kwargs, name
            assert a.success == b.success, (name, a.expectation_config.type)
            if not b.success:
                failing += 1
                assert a.result == b.result, (name, a.expectation_config.type)
    assert failing >= 3, "night 1 carries defects: some expectations must fail"


def test_the_shared_session_keeps_no_validated_frame(landing, monkeypatch):
    """GX's engine keeps each batch it loaded; the session lets go of them after validating."""
    frames = _frames(landing)
    made: list[weakref.ref] = []
    build = runner.validation_frame

    def remembered(table, frame):
        checked = build(table, frame)
        made.append(weakref.ref(checked))
        return checked

    monkeypatch.setattr(runner, "validation_frame", remembered)
    for source, name in TABLES[:2]:
        table = _contract_table(source, name)
        night, frame = frames[table.qualified_name][0]
        validate_table(table, frame, night)
    gc.collect()
    assert len(made) == 2
    assert all(ref() is None for ref in made)
