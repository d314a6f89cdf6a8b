"""Time the nightly job end to end on the default simulated LA.

Prints wall time, peak memory and the split between ingest, gates, dbt and
publish. Target on the 2-core machines: at most 60 s wall and 1.5 GB peak.

    python scripts/benchmark_nightly.py [--landing DIR] [--keep DIR]

With no --landing it simulates the default LA into a temporary folder first
(that time is printed but not counted). Everything else runs in a fresh data
folder so the figures are a first night's full ingest.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))


def peak_rss_mb() -> tuple[float, float]:
    """(this process, largest child) peak resident set size in MB (Linux: KiB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def classify(step_key: str) -> str:
    if "dbt" in step_key:
        return "dbt"
    if "publish" in step_key:
        return "publish"
    if "benchmark" in step_key or "dfe" in step_key:
        return "benchmarks"
    if "lag" in step_key or "gate" in step_key:
        return "gates"
    return "ingest"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--landing", type=Path, help="existing landing folder to ingest")
    parser.add_argument("--keep", type=Path, help="keep the data folder here")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="lac-bench-"))
    landing = args.landing
    if landing is None:
        landing = work / "landing"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "simulator", "--out", str(landing)], check=True)
        print(f"simulate default LA (not counted): {time.perf_counter() - started:.1f} s")
    data = args.keep or (work / "data")
    import dagster as dg

    from dagster_project.definitions import build_definitions
    from dagster_project.resources import LacSettings

    settings = LacSettings.from_environment(data_dir=str(data), landing_dir=str(landing.resolve()))
    job = build_definitions(settings).resolve_job_def("nightly")
    started = time.perf_counter()
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
        wall = time.perf_counter() - started
        entries = [e for e in instance.all_logs(result.run_id) if e.dagster_event]

    step_times: dict[str, float] = {}
    starts: dict[str, float] = {}
    gate_seconds = 0.0
    for entry in entries:
        event = entry.dagster_event
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = entry.timestamp
        elif event.event_type_value in {"STEP_SUCCESS", "STEP_FAILURE"}:
            step_times[event.step_key] = entry.timestamp - starts[event.step_key]
        elif event.event_type_value == "ASSET_CHECK_EVALUATION":
            metadata = event.event_specific_data.metadata
            if "gate_seconds" in metadata:
                gate_seconds += float(metadata["gate_seconds"].value)
    split: dict[str, float] = defaultdict(float)
    for step_key, seconds in step_times.items():
        split[classify(step_key)] += seconds
    # Gates run inside the ingest steps (validation happens before writing),
    # so their measured time is moved out of ingest.
    split["gates"] += gate_seconds
    split["ingest"] -= gate_seconds

    own, child = peak_rss_mb()
    print(f"nightly job: {'succeeded' if result.success else 'FAILED'}")
    print(f"wall time: {wall:.1f} s (target <= 60 s)")
    print(
        f"peak memory: {own:.0f} MB in the pipeline process, {child:.0f} MB in the largest "
        f"child (dbt); upper bound together {own + child:.0f} MB (target <= 1536 MB)"
    )
    for part in ("ingest", "gates", "benchmarks", "dbt", "publish"):
        print(f"  {part:<10} {split.get(part, 0.0):6.1f} s")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
