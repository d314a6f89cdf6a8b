"""The dbt project builds end to end: from an empty raw history (every model,
seed, data test and unit test passes, zero indicator rows) and from a tiny
hand-made one (figures that can be checked by hand)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml

from contract import load_contract
from dagster_project import raw_history
from dagster_project.dbt_project import dbt_vars, single_council
from dagster_project.pooled_raw import CouncilRaw, build_pooled_raw
from dagster_project.resources import LacSettings
from dagster_project.row_versions import write_night
from tests.support.dbt_cli import dbt_build_command, dbt_process_environment

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_DIR = REPO_ROOT / "dbt"


def defined_unit_tests() -> set[str]:
    """Every unit test the project's YAML defines: each one must run (a test
    that dbt silently stops running, or that is deleted, fails this count)."""
    names = set()
    for path in (DBT_DIR / "models").rglob("*.yml"):
        for test in (yaml.safe_load(path.read_text()) or {}).get("unit_tests", []):
            names.add(f"{test['model']}.{test['name']}")
    return names


def catalogue_size() -> int:
    return len(pd.read_csv(DBT_DIR / "seeds" / "indicators.csv"))


def run_dbt_build(
    tmp_path: Path,
    raw_db: Path,
    *extra: str,
    councils: Sequence[CouncilRaw] | None = None,
    **variables: str,
) -> tuple[subprocess.CompletedProcess, Path]:
    """dbt build told what Dagster tells it for these paths (dbt_vars), plus `variables`.

    One council (the settings' own, raw history `raw_db`) unless `councils` are given.
    """
    settings = LacSettings(raw_db_path=str(raw_db), build_dir=str(tmp_path / "build")).settings
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    councils = single_council(settings) if councils is None else councils
    # dbt reads the raw history through the pooled file (each row with its council)
    build_pooled_raw(settings.pooled_raw_path, councils)
    passed = {**dbt_vars(settings, as_of_date=None), **variables}
    result = subprocess.run(
        dbt_build_command(tmp_path, "--vars", json.dumps(passed), *extra),
        env=dbt_process_environment(settings, councils=councils),
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    return result, settings.build_db_path


def run_results(tmp_path: Path) -> list[dict]:
    return json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]


def test_build_succeeds_on_an_empty_raw_history(tmp_path):
    raw_db = tmp_path / "raw" / "raw_history.duckdb"
    raw_history.connect(raw_db).close()

    result, build_db = run_dbt_build(tmp_path, raw_db)

    assert result.returncode == 0, result.stdout[-4000:]
    # Exposures (the report, exports, exception lists) are declared, not built:
    # dbt lists them as no-op.
    results = [r for r in run_results(tmp_path) if not r["unique_id"].startswith("exposure.")]
    assert all(r["status"] in {"success", "pass"} for r in results), [
        (r["unique_id"], r["status"]) for r in results if r["status"] not in {"success", "pass"}
    ]
    unit_tests = [r for r in results if r["unique_id"].startswith("unit_test.")]
    expected = defined_unit_tests()
    assert expected, "no unit test found in dbt/models/**/*.yml"
    ran = {r["unique_id"].split(".", 2)[2] for r in unit_tests}
    assert ran == expected, sorted(ran ^ expected)
    with duckdb.connect(str(build_db), read_only=True) as con:
        assert con.execute("select count(*) from marts.indicator_values").fetchone()[0] == 0
        assert con.execute("select count(*) from marts.indicator_rag").fetchone()[0] == 0
        catalogue = con.execute("select count(*) from marts.indicators").fetchone()[0]
    assert catalogue == catalogue_size()


def _insert(con, table: str, rows: list[dict], extract_date: dt.date) -> None:
    """Store `rows` as `table`'s full extract of `extract_date`, as the nightly writer does."""
    contract_table = next(t for t in load_contract().tables() if t.qualified_name == table)
    frame = pd.DataFrame(rows)
    frame["_row_number"] = range(1, len(rows) + 1)
    con.execute("begin transaction")
    write_night(con, contract_table, extract_date, frame, "hand.csv")
    con.execute("commit")


@pytest.fixture(scope="module")
def small_raw_db(tmp_path_factory) -> Path:
    """Three children: A in care since 2023 (one move), B admitted mid-March
    2024 and recorded in time, C admitted in March but only recorded after
    the as-of date (so not yet known)."""
    raw_db = tmp_path_factory.mktemp("small_history") / "raw" / "raw_history.duckdb"
    con = raw_history.connect(raw_db)
    extract = dt.date(2024, 4, 2)
    ts = dt.datetime

    def child(child_id, dob, recorded_at):
        return {"CHILD": child_id, "SEX": "1", "DOB": dob, "ETHNIC": "WBRI", "UASC": False,
                "RECORDED_AT": recorded_at}  # fmt: skip

    def episode(child_id, start, rne, ls, place, recorded_at, end=None, rec=None):
        return {"CHILD": child_id, "DECOM": start, "RNE": rne, "LS": ls, "CIN": "N1",
                "PLACE": place, "PLACE_PROVIDER": "PR1", "DEC": end, "REC": rec,
                "RECORDED_AT": recorded_at}  # fmt: skip

    header = [
        child("A", dt.date(2012, 5, 1), ts(2023, 1, 1)),
        child("B", dt.date(2015, 5, 1), ts(2024, 3, 16)),
        child("C", dt.date(2016, 5, 1), ts(2024, 4, 1)),
    ]
    episodes = [
        episode(
            "A", dt.date(2023, 1, 10), "S", "C2", "U4", ts(2023, 1, 11), dt.date(2023, 6, 1), "X1"
        ),
        episode("A", dt.date(2023, 6, 1), "P", "C2", "R1", ts(2023, 6, 2)),
        episode("B", dt.date(2024, 3, 15), "S", "V2", "U5", ts(2024, 3, 16)),
        episode("C", dt.date(2024, 3, 20), "S", "C2", "U5", ts(2024, 4, 3, 9)),
    ]
    population = [{"la_code": "999", "mid_year": 2023, "population_0_17": 50000}]
    _insert(con, "social_care__header", header, extract)
    _insert(con, "social_care__episodes", episodes, extract)
    _insert(con, "population__population", population, extract)
    con.close()
    return raw_db


SMALL_HISTORY_NIGHT = {"as_of_date": "2024-04-02", "history_start": "2023-01-31"}


@pytest.fixture(scope="module")
def small_history_build(tmp_path_factory, small_raw_db):
    """The small history built once, parsed from nothing: (its folder, dbt's result,
    the built database). The hand-checked figures are read from it, and the
    parse-reuse test compares a build from its saved parse with it (one dbt
    build fewer in the suite: about 40 s)."""
    folder = tmp_path_factory.mktemp("small_history_full")
    result, build_db = run_dbt_build(
        folder, small_raw_db, "--no-partial-parse", **SMALL_HISTORY_NIGHT
    )
    return folder, result, build_db


def test_build_on_a_small_history_gives_hand_checked_figures(small_history_build):
    _, result, build_db = small_history_build

    assert result.returncode == 0, result.stdout[-4000:]
    with duckdb.connect(str(build_db), read_only=True) as con:
        rows = con.execute(
            """
            select indicator_id, period_type, period_end, numerator, denominator, value
            from marts.indicator_values
            where period_end = date '2024-03-31'
            """
        ).fetchall()
        months = con.execute(
            "select count(distinct period_end) from marts.indicator_values"
            " where period_type = 'month'"
        ).fetchone()[0]
    figures = {(r[0], r[1]): r[3:] for r in rows}
    # January 2023 to March 2024: 15 complete months (April 2024 is not complete on 2 April).
    assert months == 15
    assert figures[("lac_count", "month")] == (2, None, 2)
    assert figures[("lac_rate_per_10k", "month")] == (2, 50000, 0.4)
    assert figures[("lac_admissions_count", "month")][0] == 1
    # A came in January 2023 (last financial year), C is not yet recorded.
    assert figures[("lac_admissions_count", "fytd")][0] == 1
    assert figures[("lac_family_based_pct", "month")] == (1, 2, 50.0)


FULL_PARSE = "Unable to do partial parsing"


def marts(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    return [
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables"
            " where table_catalog = ? and table_schema = 'marts' order by 1",
            [catalog],
        ).fetchall()
    ]


def test_a_new_data_folder_reuses_another_folders_parse(
    tmp_path, small_raw_db, small_history_build
):
    """The profile and the vars hold nothing of a data folder, so dbt's parse
    from one folder holds in another (a first night, each test's world): dbt
    parses nothing again, and builds the same marts as a full parse does."""
    full_folder, full, full_db = small_history_build
    assert full.returncode == 0, full.stdout[-4000:]
    parse = full_folder / "target" / "partial_parse.msgpack"
    assert parse.exists()
    (tmp_path / "reused" / "target").mkdir(parents=True)
    shutil.copyfile(parse, tmp_path / "reused" / "target" / "partial_parse.msgpack")

    reused, reused_db = run_dbt_build(tmp_path / "reused", small_raw_db, **SMALL_HISTORY_NIGHT)

    assert reused.returncode == 0, reused.stdout[-4000:]
    assert FULL_PARSE not in reused.stdout, reused.stdout[-4000:]
    # dbt's own debug line when it starts from a saved parse
    assert "Partial parsing enabled" in (tmp_path / "reused" / "logs" / "dbt.log").read_text()
    assert str(full_folder) not in reused.stdout
    with duckdb.connect(str(reused_db), read_only=True) as con:
        con.execute(f"attach '{full_db}' as full_build (read_only)")
        names = marts(con, "warehouse")
        assert names == marts(con, "full_build")
        assert "indicator_values" in names
        assert con.execute("select count(*) from marts.indicator_values").fetchone()[0] > 0
        for name in names:
            for a, b in (("warehouse", "full_build"), ("full_build", "warehouse")):
                differing = con.execute(
                    f"select count(*) from (select * from {a}.marts.{name}"
                    f" except all select * from {b}.marts.{name})"
                ).fetchone()[0]
                assert differing == 0, f"marts.{name}: {differing} rows of {a} not in {b}"
