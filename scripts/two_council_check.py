"""Do two councils in one warehouse keep their figures apart?

    .venv/bin/python scripts/two_council_check.py [--work DIR] [--population N]

Simulates two councils whose ids collide (`python -m simulator --las
800,801`: the same seed numbers both councils' children alike), runs the
nightly job on each council alone (its own data folder, as a council running
the pipeline for itself would), then builds the warehouse once over both
councils' raw histories through the pooled raw history
(dagster_project/pooled_raw.py), and compares each council's rows of the
pooled marts with that council's own warehouse, mart by mart and row by row
(scripts/compare_warehouses.py). A model that joins or groups across
councils shows up as a difference, or as a mart without `la_code`.

With `--work` and `--reuse`, the councils' own runs of an earlier check are
kept and only the pooled build is redone (a few minutes less).

Exit code 0 only if every mart is identical for both councils.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from compare_warehouses import ABOUT_THE_RUN, compare  # noqa: E402
from scratch_pipeline import scratch_pipeline_env  # noqa: E402

from dagster_project import raw_history  # noqa: E402
from dagster_project.dbt_project import (  # noqa: E402
    DBT_PROJECT_DIR,
    dbt_environment,
    dbt_executable,
    dbt_vars,
)
from dagster_project.pooled_raw import CouncilRaw, build_pooled_raw  # noqa: E402
from dagster_project.resources import LacSettings  # noqa: E402

CODES = ("800", "801")
# The marts that hold no council's rows: the catalogue and its settings,
# the same for every council.
SEEDS_WITHOUT_COUNCIL = {
    "benchmark_indicator_map",
    "data_quality_indicator_scope",
    "indicator_nowcast_settings",
    "indicators",
    "indicators_not_computed",
}
# The columns that compare councils with each other: a council alone is
# rank 1 of 1, so these differ by design. The rest of the mart is compared.
ACROSS_COUNCILS = {
    "regional_summary": (
        ("indicator_id", "period_type", "period_end"),
        ("regional_rank", "councils_ranked", "councils_reporting"),
    )
}
# Small councils keep the check to a few minutes; the ids still collide.
DEFAULT_POPULATION = 15_000


def simulate(landing: Path, population: int) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator",
            "--las",
            ",".join(CODES),
            "--population",
            str(population),
            "--no-truth",
            "--out",
            str(landing),
        ],
        cwd=REPO,
        check=True,
    )


def run_alone(work: Path, landing: Path, code: str) -> Path:
    """The nightly job on one council's folder; its published warehouse."""
    env = scratch_pipeline_env(work / code, landing / code, la_code=code)
    print(f"council {code}: the nightly job on its own", flush=True)
    subprocess.run(
        [sys.executable, "-m", "dagster_project", "run"],
        cwd=REPO,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return work / code / "warehouse" / "warehouse.duckdb"


def build_pooled(work: Path, councils: list[CouncilRaw]) -> Path:
    """dbt once over every council's raw history; the working database it built."""
    pooled = work / "pooled"
    settings = LacSettings.from_environment(data_dir=str(pooled)).settings
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    build_pooled_raw(settings.pooled_raw_path, councils)
    nights = []
    for council in councils:
        with raw_history.connect(council.raw_db_path, read_only=True) as con:
            nights.append(raw_history.as_of_date(con))
    env = {
        **os.environ,
        **dbt_environment(settings, councils=councils),
        "LAC_DBT_AS_OF_DATE": max(n for n in nights if n).isoformat(),
    }
    variables = json.dumps(dbt_vars(settings, as_of_date=None))
    print("both councils: one dbt build over the pooled raw history", flush=True)
    subprocess.run(
        [
            dbt_executable(),
            "build",
            "--exclude-resource-type",
            "unit_test",
            "--vars",
            variables,
            "--target-path",
            str(pooled / "dbt_target"),
            "--quiet",
        ],
        cwd=DBT_PROJECT_DIR,
        env=env,
        check=True,
    )
    return settings.build_db_path


def council_slice(pooled_db: Path, alone_db: Path, code: str, out: Path) -> list[str]:
    """The pooled marts' rows of one council, as a warehouse of their own.

    The marts about the run itself (publish_info) are taken from the
    council's own warehouse: the pooled build was not published, and so are
    the columns that rank councils against each other (`ACROSS_COUNCILS`).
    A row whose la_code is blank, or no council of the warehouse (a seed's
    settings for another LA), is every council's. Returns the marts that
    carry no `la_code` (copied whole: they cannot be told apart by council).
    """
    out.unlink(missing_ok=True)
    without_code = []
    with duckdb.connect(str(out)) as con:
        con.execute("attach ? as pooled (read_only)", [str(pooled_db)])
        con.execute("attach ? as alone (read_only)", [str(alone_db)])
        con.execute("create schema marts")
        for table in ABOUT_THE_RUN:
            con.execute(f'create table marts."{table}" as select * from alone.marts."{table}"')
        tables = con.execute(
            "select table_name, list(column_name) from information_schema.columns "
            "where table_catalog = 'pooled' and table_schema = 'marts' group by table_name"
        ).fetchall()
        for table, columns in tables:
            where, parameters = "", []
            if "la_code" in columns:
                where = " where la_code = ? or la_code is null or la_code not in ?"
                parameters = [code, list(CODES)]
            else:
                without_code.append(table)
            con.execute(
                f'create table marts."{table}" as select * from pooled.marts."{table}"{where}',
                parameters,
            )
        for table, (key, ranking) in ACROSS_COUNCILS.items():
            on = " and ".join(f"own.{k} is not distinct from t.{k}" for k in key)
            updates = ", ".join(f"{c} = own.{c}" for c in ranking)
            con.execute(
                f'update marts."{table}" as t set {updates} '
                f'from alone.marts."{table}" as own where {on}'
            )
    return sorted(without_code)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="scratch folder (kept); default a temporary one")
    parser.add_argument("--population", type=int, default=DEFAULT_POPULATION)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep each council's own run from an earlier check in --work (a change that "
        "leaves a single council's figures as they were need not run them again)",
    )
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="two_councils_"))
    work.mkdir(parents=True, exist_ok=True)
    landing = work / "landing"
    if not landing.is_dir():
        simulate(landing, args.population)
    alone = {
        code: (
            work / code / "warehouse" / "warehouse.duckdb"
            if args.reuse
            else run_alone(work, landing, code)
        )
        for code in CODES
    }
    councils = [
        CouncilRaw(code, work / code / "raw" / "raw_history.duckdb", benchmark_la_code="372")
        for code in CODES
    ]
    pooled_db = build_pooled(work, councils)
    identical = True
    for code in CODES:
        sliced = work / "pooled" / f"council_{code}.duckdb"
        without_code = council_slice(pooled_db, alone[code], code, sliced)
        print(f"\ncouncil {code}: its own warehouse (before) against its rows of the pooled one")
        if without_code:
            print(f"marts without la_code (copied whole): {', '.join(without_code)}")
        for table, (_, ranking) in ACROSS_COUNCILS.items():
            print(f"{table}: {', '.join(ranking)} rank councils against each other: set aside")
        identical &= compare(alone[code], sliced)
    print(f"\nScratch folder: {work}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
