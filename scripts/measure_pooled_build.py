"""How does the warehouse build grow with the councils it holds?

    .venv/bin/python scripts/measure_pooled_build.py --councils 1,10,50,150

Takes one council's raw history (default: the last `make run`'s), copies it
as councils 800, 801, ... (each copy's own population rows relabelled to its
code, so each council has its own denominators), and for each count N
builds the warehouse once over the first N copies through the pooled raw
history: the same dbt build the nightly job runs after the councils'
ingest (models and data tests), measured for wall and CPU seconds (dbt's
process included) and the peak memory of the process tree. Ingest is left
out on purpose: each council's ingest is its own partition, the same work
whatever the warehouse holds, and is measured by `make bench`.

The copies hold the same children under each code, so this measures the
build's cost, not new figures; scripts/two_council_check.py checks that
councils' figures stay apart.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from benchmark_nightly import TreeMemory, cpu_seconds  # noqa: E402
from two_council_check import build_pooled  # noqa: E402

from dagster_project.pooled_raw import CouncilRaw  # noqa: E402
from dagster_project.settings import load_settings  # noqa: E402

FIRST_CODE = 800


def council_copy(source: Path, work: Path, code: str) -> CouncilRaw:
    """A copy of `source` as council `code`: its population rows relabelled."""
    path = work / "councils" / code / "raw_history.duckdb"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, path)
        with duckdb.connect(str(path)) as con:
            con.execute('update row_versions."population__population" set la_code = ?', [code])
            con.execute("update _council set la_code = ?", [code])
    return CouncilRaw(code, path, benchmark_la_code="372")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", default="1,10,50,150", help="council counts to build")
    parser.add_argument("--raw", type=Path, help="a council's raw history (default: make run's)")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    args = parser.parse_args()
    counts = sorted({int(n) for n in args.councils.split(",")})
    source = args.raw or load_settings().raw_db_path
    if not source.exists():
        print(f"no raw history at {source}: run `make run` first", file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="pooled_build_"))
    councils = [council_copy(source, work, f"{FIRST_CODE + i:03d}") for i in range(max(counts))]
    lines = []
    for n in counts:
        shutil.rmtree(work / "pooled", ignore_errors=True)
        with TreeMemory() as memory:
            started, cpu_before = time.perf_counter(), cpu_seconds()
            build_db = build_pooled(work, councils[:n])
            wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu_before
        with duckdb.connect(str(build_db), read_only=True) as con:
            rows, held = con.execute(
                "select count(*), count(distinct la_code) from marts.indicator_values"
            ).fetchone()
        lines.append(
            f"{n:>4} councils: {wall:7.1f} s wall, {cpu:7.1f} s CPU, "
            f"peak {memory.peak_total_kb / 1024:6.0f} MB (process tree), "
            f"indicator_values {rows} rows for {held} councils"
        )
        print(lines[-1], flush=True)
    print("\n".join(["", "Warehouse build (dbt, models and data tests) by councils held:", *lines]))
    print(f"Scratch folder: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
