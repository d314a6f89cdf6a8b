"""The national-scale benchmark (issue 13, part 5): many simulated councils in one warehouse.

Prints, from one run, wall seconds, CPU seconds (this process and every
child, dbt included) and peak memory (PSS of the whole process tree, sampled
by scripts/benchmark_nightly.py's TreeMemory) of:

- simulating `--councils` councils x `--years` years, two extract nights a
  week apart (every weekly source drops on both; timed, not counted);
- the full build: `python -m dagster_project run` on the first night, in a
  scratch data folder and Dagster home;
- one further night for every council (the second night's drops), run again;
- the independent pandas implementation of twelve indicators
  (scripts/national/) on the same landing files, as of the same night;
- the comparison: every council, indicator and month end, numerator and
  denominator, pandas against the published `marts.indicator_values`;

then the issue's targets, each met or NOT met: full build <= 10 min and
<= 8 GB, further night <= 3 min, the warehouse at least 5x faster than pandas
(the full build, which reads the same landing files, against the pandas run)
and the same numbers.

    python scripts/benchmark_national.py [--councils 150] [--years 5] [--clean]
                                         [--keep DIR] [--pandas-only]

One council (`--councils 1`) is written in the single-council layout
(`<landing>/<source>/<date>/`, LA code 999) and run with LAC_LA_CODE; more are
written as the simulator's --las layout (`<landing>/<la_code>/<source>/<date>/`)
and the whole folder is given to the nightly job as LAC_LANDING_DIR.
`--pandas-only` skips the pipeline (the simulation and the pandas run only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from scripts.benchmark_nightly import TreeMemory, cpu_seconds  # noqa: E402
from scripts.scratch_pipeline import scratch_pipeline_env  # noqa: E402

SINGLE_LA_CODE = "999"
# The targets, on the 2-core machines the project runs on.
FULL_BUILD_SECONDS = 10 * 60
FULL_BUILD_MEMORY_MB = 8 * 1024
FURTHER_NIGHT_SECONDS = 3 * 60
WAREHOUSE_SPEED_UP = 5


@dataclass
class Measure:
    wall: float
    cpu: float
    peak_mb: float
    ok: bool = True

    def line(self, label: str) -> str:
        failed = "" if self.ok else "  (FAILED: see its log)"
        return (
            f"{label}: {self.wall:.1f} s wall, {self.cpu:.1f} s CPU, "
            f"peak {self.peak_mb:.0f} MB PSS (process tree){failed}"
        )


def measured(action) -> tuple[Measure, object]:
    """Run `action()`: wall and CPU seconds (children included) and peak tree PSS."""
    with TreeMemory() as memory:
        started, cpu_before = time.perf_counter(), cpu_seconds()
        result = action()
        wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu_before
    return Measure(wall, cpu, memory.peak_total_kb / 1024), result


def simulate(out: Path, councils: int, years: int, nights: list[dt.date], clean: bool) -> None:
    end = nights[-1]
    start = end.replace(year=end.year - years) + dt.timedelta(days=1)
    command = [
        *(sys.executable, "-m", "simulator", "--out", str(out), "--no-truth"),
        *("--start", start.isoformat(), "--end", end.isoformat()),
        *("--nights", ",".join(n.isoformat() for n in nights)),
    ]
    if councils > 1:
        command += ["--las", str(councils)]
    if clean:
        command.append("--clean")
    subprocess.run(command, check=True, cwd=REPO_ROOT, stdout=subprocess.DEVNULL)


def split_nights(simulated: Path, landing: Path, next_night: Path, first: dt.date) -> None:
    """Each council's first-night drops into `landing` and its second-night drops into
    `next_night` (delivered after the first night's run), as
    scripts/benchmark_nightly.py splits them: a source dropped on the final night only
    (population, once a year) is given to the first night, dated that night."""
    for source in sorted(simulated.glob("**/social_care")):
        council = source.parent
        for source_dir in sorted(p for p in council.iterdir() if p.is_dir()):
            drops = sorted(p for p in source_dir.iterdir() if p.is_dir())
            relative = source_dir.relative_to(simulated)
            shutil.copytree(drops[0], landing / relative / first.isoformat())
            if len(drops) > 1:
                shutil.copytree(drops[-1], next_night / relative / drops[-1].name)
    shutil.rmtree(simulated)


def deliver(next_night: Path, landing: Path) -> None:
    for drop in sorted(next_night.glob("**/*-*-*")):
        if drop.is_dir():
            target = landing / drop.relative_to(next_night)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(drop, target)


def run_nightly(env: dict[str, str], log: Path) -> bool:
    with log.open("w") as out:
        done = subprocess.run(
            [sys.executable, "-m", "dagster_project", "run"],
            env=env,
            cwd=REPO_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return done.returncode == 0


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=150)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--clean", action="store_true", help="simulate without defects")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--pandas-only", action="store_true", help="skip the pipeline runs")
    args = parser.parse_args(argv)

    from simulator.config import Options

    # A week apart, so every weekly source (fostering, health, Virtual School)
    # drops on both nights, as on the simulator's final night.
    second = Options().end
    nights = [second - dt.timedelta(days=7), second]
    work = args.keep or Path(tempfile.mkdtemp(prefix="lac-national-"))
    work.mkdir(parents=True, exist_ok=True)
    landing, next_night = work / "landing", work / "next_night"
    summary = [
        f"national benchmark: {args.councils} councils x {args.years} years, "
        f"nights {nights[0]} and {nights[1]}{', clean' if args.clean else ''} (work folder {work})"
    ]
    print(summary[0], flush=True)

    sim, _ = measured(
        lambda: simulate(work / "simulated", args.councils, args.years, nights, args.clean)
    )
    split_nights(work / "simulated", landing, next_night, nights[0])
    summary.append(sim.line("simulate (not counted)"))
    print(summary[-1], flush=True)

    build = further = None
    if not args.pandas_only:
        la_code = SINGLE_LA_CODE if args.councils == 1 else None
        env = scratch_pipeline_env(work / "data", landing, la_code=la_code)
        build, ok = measured(lambda: run_nightly(env, work / "night_1.log"))
        build.ok = ok
        summary.append(build.line("full build (first night, every council)"))
        print(summary[-1], flush=True)
        deliver(next_night, landing)
        further, ok = measured(lambda: run_nightly(env, work / "night_2.log"))
        further.ok = ok
        summary.append(further.line("one further night (every council)"))
        print(summary[-1], flush=True)
    else:
        deliver(next_night, landing)

    # Imported only now: pandas held by this process would count in the build's tree.
    from scripts.national.compare import compare, independent_values, warehouse_values

    split: dict[str, float] = {}
    pandas_run, ours = measured(lambda: independent_values(landing, SINGLE_LA_CODE, seconds=split))
    summary.append(pandas_run.line("independent pandas implementation (12 indicators)"))
    summary.append(
        f"  of which reading the landing files {split['read']:.1f} s, "
        f"computing {split['compute']:.1f} s (wall)"
    )
    councils_found = ours["la_code"].nunique() if len(ours) else 0
    summary.append(f"  councils computed: {councils_found}, rows: {len(ours)}")
    print("\n".join(summary[-3:]), flush=True)

    targets = []
    if build is not None:
        warehouse = work / "data" / "warehouse" / "warehouse.duckdb"
        # No published warehouse (both nights failed): every pandas row is a difference.
        published = warehouse_values(warehouse) if warehouse.is_file() else ours.iloc[:0]
        result = compare(ours, published)
        summary.append(
            f"comparison with the published warehouse: {result.rows} rows "
            f"(council x indicator x month, numerator and denominator), {result.differing} differ"
        )
        if result.differing:
            per_indicator = result.differences.groupby("indicator_id").size()
            summary += [f"  {name}: {n} rows differ" for name, n in per_indicator.items()]
            result.differences.to_csv(work / "differences.csv", index=False)
            summary.append(f"  every differing row: {work / 'differences.csv'}")
        speed_up = pandas_run.wall / build.wall
        targets = [
            (
                f"full build <= {FULL_BUILD_SECONDS // 60} min: {build.wall:.0f} s",
                build.ok and build.wall <= FULL_BUILD_SECONDS,
            ),
            (
                f"full build <= {FULL_BUILD_MEMORY_MB // 1024} GB: {build.peak_mb:.0f} MB",
                build.ok and build.peak_mb <= FULL_BUILD_MEMORY_MB,
            ),
            (
                f"further night <= {FURTHER_NIGHT_SECONDS // 60} min: {further.wall:.0f} s",
                further.ok and further.wall <= FURTHER_NIGHT_SECONDS,
            ),
            (
                f"warehouse >= {WAREHOUSE_SPEED_UP}x faster than pandas: pandas "
                f"{pandas_run.wall:.0f} s / full build {build.wall:.0f} s = {speed_up:.2f}x "
                f"(CPU: {pandas_run.cpu / build.cpu:.2f}x; "
                f"further night: {pandas_run.wall / further.wall:.2f}x wall)",
                speed_up >= WAREHOUSE_SPEED_UP,
            ),
            (
                f"same numbers: {result.differing} of {result.rows} rows differ",
                result.rows > 0 and result.differing == 0,
            ),
        ]
        summary.append("targets:")
        summary += [f"  {verdict(met):<8} {text}" for text, met in targets]

    print("\n".join(["", "=" * 72, *summary]))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(met for _, met in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
