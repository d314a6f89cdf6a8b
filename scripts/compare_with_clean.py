"""How much the simulator's defects move the published figures.

Simulates the default LA twice with the same seed and night (one extract,
31 October 2026, LA 999): once with its defects and once with `--clean`. Runs
the nightly job on each in its own temporary data folder, then compares
`marts.indicator_values` month by month and prints, per indicator, the share
of indicator-months (period type `month`) whose value is identical, and the
overall share.

    python scripts/compare_with_clean.py [--keep DIR] [--repo DIR]

--repo runs another checkout's pipeline (e.g. a `git worktree` at an older
commit, with its own dbt manifest) with this environment's Python.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from dagster_project.settings import load_settings  # noqa: E402

EXTRACT_NIGHT = "2026-10-31"
LA_CODE = "999"


def simulate(landing: Path, clean: bool) -> None:
    command = [sys.executable, "-m", "simulator", "--out", str(landing), "--end", EXTRACT_NIGHT]
    command += ["--la-code", LA_CODE, "--no-truth"]
    if clean:
        command.append("--clean")
    subprocess.run(command, check=True, cwd=REPO_ROOT, stdout=subprocess.DEVNULL)


def prepare_manifest(repo: Path) -> None:
    """The Dagster code location loads dbt's manifest: parse it for this checkout's models."""
    dbt = Path(sys.executable).parent / "dbt"
    dbt_dir = repo / "dbt"
    command = [str(dbt), "parse", "--quiet", "--project-dir", str(dbt_dir)]
    subprocess.run([*command, "--profiles-dir", str(dbt_dir)], check=True, cwd=repo)


def run_pipeline(repo: Path, data_dir: Path, landing: Path) -> Path:
    """Run the nightly job once on `landing`; return the published warehouse."""
    env = {
        **os.environ,
        "LAC_DATA_DIR": str(data_dir),
        "LAC_LANDING_DIR": str(landing),
        "LAC_LA_CODE": LA_CODE,
        "DAGSTER_HOME": str(data_dir / "dagster_home"),
        "PYTHONPATH": str(repo),
    }
    (data_dir / "dagster_home").mkdir(parents=True, exist_ok=True)
    (data_dir / "dagster_home" / "dagster.yaml").write_text(
        (repo / "config" / "dagster.yaml").read_text()
    )
    # the DfE releases as this checkout finds them (the other checkout may
    # sit where ../shared does not exist)
    env.setdefault("LAC_DFE_DIR", str(load_settings().dfe_dir))
    # no Slack token: alerts go to the run log
    env.pop("SLACK_BOT_TOKEN", None)
    log = data_dir / "run.log"
    with log.open("w") as out:
        command = [sys.executable, "-m", "dagster_project", "run"]
        finished = subprocess.run(command, cwd=repo, env=env, stdout=out, stderr=out)
    if finished.returncode != 0:
        raise SystemExit(f"the nightly run failed on {data_dir}: see {log}")
    return data_dir / "warehouse" / "warehouse.duckdb"


def compare(defective: Path, clean: Path) -> list[tuple[str, int, int]]:
    """(indicator_id, identical months, months) per indicator, month figures only."""
    import duckdb

    with duckdb.connect() as con:
        con.execute("attach ? as defective (read_only)", [str(defective)])
        con.execute("attach ? as clean (read_only)", [str(clean)])
        return con.execute(
            """
            select
                coalesce(d.indicator_id, c.indicator_id) as indicator_id,
                count(*) filter (where d.value is not distinct from c.value
                                 and d.period_end is not null and c.period_end is not null),
                count(*)
            from (select * from defective.marts.indicator_values where period_type = 'month') as d
            full join (select * from clean.marts.indicator_values where period_type = 'month') as c
                on d.indicator_id = c.indicator_id and d.period_end = c.period_end
            group by 1
            order by 1
            """
        ).fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the landing and data folders here")
    parser.add_argument("--repo", type=Path, default=REPO_ROOT, help="checkout whose pipeline runs")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="lac-compare-"))
    prepare_manifest(args.repo.resolve())
    warehouses = {}
    for name, clean in (("defective", False), ("clean", True)):
        landing = work / name / "landing"
        simulate(landing, clean)
        warehouses[name] = run_pipeline(args.repo.resolve(), work / name / "data", landing)

    rows = compare(warehouses["defective"], warehouses["clean"])
    width = max(len(r[0]) for r in rows)
    print(f"{'indicator':<{width}}  identical  months  share")
    for indicator_id, same, months in rows:
        print(f"{indicator_id:<{width}}  {same:>9}  {months:>6}  {same / months:6.1%}")
    same_total = sum(r[1] for r in rows)
    months_total = sum(r[2] for r in rows)
    identical = sum(1 for r in rows if r[1] == r[2])
    print(
        f"overall: {same_total}/{months_total} indicator-months identical "
        f"({same_total / months_total:.1%}); "
        f"{identical}/{len(rows)} indicators identical in every month"
    )
    print(f"data: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
