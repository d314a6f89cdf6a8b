"""Loading DfE releases: layouts, statistical-neighbour models, re-drops and
the rejection of a malformed file without losing what was loaded."""

from __future__ import annotations

import csv
import shutil

import duckdb
import pytest

from dagster_project.benchmarks.ees_layout import MalformedReleaseError
from dagster_project.benchmarks.ees_reader import year_ending
from dagster_project.benchmarks.store import ensure_schema, load_file, load_folder
from tests.benchmarks.conftest import DFE_DIR

RATE_FILE = "cla_number_and_rate_per_10k_children.csv"


def _rewrite(src, dst, rename=None, drop=None, edit=None):
    """Copy an EES CSV to a temp path, renaming/dropping a column or editing rows."""
    with src.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    if rename:
        header = [rename.get(c, c) for c in header]
    if drop:
        keep = [i for i, c in enumerate(header) if c != drop]
        rows = [[r[i] for i in keep] for r in rows]
        header = [header[i] for i in keep]
    body = rows[1:]
    if edit:
        body = [edit(dict(zip(header, r, strict=True))) for r in body]
        body = [list(r.values()) for r in body if r is not None]
    with dst.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(body)
    return dst


def test_time_periods_end_on_31_march():
    assert str(year_ending("2022")) == "2022-03-31"
    assert str(year_ending("202122")) == "2022-03-31"
    with pytest.raises(ValueError):
        year_ending("202124")


def test_real_folder_loads_every_file(real_raw_db):
    con = duckdb.connect(str(real_raw_db), read_only=True)
    datasets = {r[0] for r in con.execute("select dataset from dfe__releases").fetchall()}
    assert {"cla_number_and_rate", "cla_placement_stability", "cla_health_outcomes"} <= datasets
    assert {"care_leavers_accommodation", "care_leavers_activity", "adoption_stage_times"} <= (
        datasets
    )
    assert {"sn_model_2021", "sn_model_2025"} <= datasets
    # Rotherham's published rate for 31 March 2022, straight from the file: 99.
    value = con.execute(
        "select value from dfe__values where dataset = 'cla_number_and_rate' "
        "and old_la_code = '372' and year_ending = date '2022-03-31' "
        "and measure = 'rate_per_10000' "
        "and breakdown_1 = 'Children looked after on 31 March each year'"
    ).fetchone()[0]
    assert value == 99.0
    # Cumbria stopped existing after March 2023: its later rows are 'z'.
    code = con.execute(
        "select suppression_code from dfe__values where old_la_code = '909' "
        "and year_ending = date '2025-03-31' and measure = 'rate_per_10000' "
        "and breakdown_1 = 'Children looked after on 31 March each year'"
    ).fetchone()[0]
    assert code == "z"
    con.close()


def test_both_neighbour_models_parse(real_raw_db):
    con = duckdb.connect(str(real_raw_db), read_only=True)
    rows = con.execute(
        "select model_version, list(neighbour_old_la_code order by neighbour_rank) "
        "from dfe__statistical_neighbours where old_la_code = '372' group by 1 order by 1"
    ).fetchall()
    con.close()
    assert rows[0] == (2021, ["371", "359", "332", "357", "370", "894", "813", "807", "812", "384"])
    assert rows[1] == (2025, ["370", "357", "371", "384", "894", "332", "807", "394", "390", "840"])


def test_unchanged_files_are_skipped(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(DFE_DIR / RATE_FILE, folder / RATE_FILE)
    con = duckdb.connect(str(tmp_path / "raw.duckdb"))
    assert [r.status for r in load_folder(con, folder)] == ["accepted"]
    assert [r.status for r in load_folder(con, folder)] == ["skipped"]
    con.close()


def test_malformed_file_is_rejected_and_loaded_data_kept(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(DFE_DIR / RATE_FILE, folder / RATE_FILE)
    con = duckdb.connect(str(tmp_path / "raw.duckdb"))
    load_folder(con, folder)
    before = con.execute(
        "select count(*), sum(value), max(release_sha256) from dfe__values"
    ).fetchone()
    releases_before = con.execute("select * from dfe__releases").fetchall()

    # The next release renames a column and drops another: not the EES layout.
    _rewrite(
        DFE_DIR / RATE_FILE,
        folder / RATE_FILE,
        rename={"rate_per_10000": "rate_per_10k"},
        drop="new_la_code",
    )
    results = load_folder(con, folder)
    assert [r.status for r in results] == ["rejected"]
    reason = results[0].reason
    assert RATE_FILE in reason
    assert "missing columns: new_la_code, rate_per_10000" in reason
    assert "unexpected columns: rate_per_10k" in reason

    with pytest.raises(MalformedReleaseError) as error:
        load_file(con, folder / RATE_FILE)
    assert error.value.missing == ("new_la_code", "rate_per_10000")

    after = con.execute(
        "select count(*), sum(value), max(release_sha256) from dfe__values"
    ).fetchone()
    assert after == before
    assert con.execute("select * from dfe__releases").fetchall() == releases_before
    logged = con.execute(
        "select status, count(*) from dfe__load_log group by 1 order by 1"
    ).fetchall()
    assert logged == [("accepted", 1), ("rejected", 2)]
    con.close()


def test_unknown_file_and_bad_period_are_rejected(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "something_else.csv").write_text("a,b\n1,2\n")
    _rewrite(
        DFE_DIR / RATE_FILE,
        folder / RATE_FILE,
        edit=lambda r: {**r, "time_period": "2021-22"} if r["time_period"] == "2021" else r,
    )
    con = duckdb.connect(str(tmp_path / "raw.duckdb"))
    results = {r.release_file: r for r in load_folder(con, folder)}
    assert results["something_else.csv"].status == "rejected"
    assert "not a known DfE release" in results["something_else.csv"].reason
    assert results[RATE_FILE].status == "rejected"
    assert "'2021-22'" in results[RATE_FILE].reason
    assert con.execute("select count(*) from dfe__values").fetchone()[0] == 0
    con.close()


def test_ensure_schema_creates_empty_tables(tmp_path):
    con = duckdb.connect(str(tmp_path / "raw.duckdb"))
    ensure_schema(con)
    ensure_schema(con)  # idempotent
    tables = {r[0] for r in con.execute("show tables").fetchall()}
    assert {
        "dfe__values",
        "dfe__statistical_neighbours",
        "dfe__releases",
        "dfe__la_code_changes",
        "dfe__load_log",
    } <= tables
    assert con.execute("select count(*) from dfe__values").fetchone()[0] == 0
    assert con.execute("select count(*) from dfe__la_code_changes").fetchone()[0] > 0
    con.close()
