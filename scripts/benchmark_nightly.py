"""Time the nightly job end to end on the default simulated LA, against the stack's floor.

Prints, from one run:

- the floor: a fresh interpreter importing dagster, dbt, great_expectations,
  pandas and duckdb (wall and CPU seconds), measured first in the same run;
- the nightly run: loading the Dagster definitions plus the `nightly` job,
  wall and CPU seconds (this process and every child, dbt included), and the
  ratio of its wall time to the floor's;
- peak memory of the whole process tree, sampled (a forked child shares its
  parent's pages until it execs, so a child's own peak RSS from getrusage
  says nothing about dbt), and the largest single process;
- the split by stage (definitions, ingest, gates, benchmarks, dbt, publish, other);

for two nights: a fresh data folder's first night, then the next night's
drops on the same data folder, as every later night runs.

    python scripts/benchmark_nightly.py [--landing DIR] [--keep DIR]

With no --landing it simulates the default LA into a temporary folder first
(that time is printed but not counted). Everything else runs in a fresh data
folder so the figures are a first night's full ingest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

FLOOR_IMPORTS = "import dagster, dbt.cli.main, great_expectations, pandas, duckdb"
# Sampling every 0.2 s catches a peak that lasts longer than that; the
# memory peaks of this pipeline (pandas frames, dbt's manifest) last seconds.
SAMPLE_SECONDS = 0.2
CONFIRM_SECONDS = 0.05
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def cpu_seconds() -> float:
    """User + system CPU of this process and of every child it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_floor() -> tuple[float, float]:
    """(wall, CPU) seconds of a fresh interpreter importing the stack."""
    started, cpu_before = time.perf_counter(), cpu_seconds()
    subprocess.run([sys.executable, "-c", FLOOR_IMPORTS], check=True)
    return time.perf_counter() - started, cpu_seconds() - cpu_before


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return kids


def _rss_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in KiB. PSS shares each page among the processes that map it,
    so the tree's PSS adds up to its real footprint (a forked child's pages
    are its parent's until it execs); RSS is what one process holds."""
    try:
        rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0, 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]), rss
    except (OSError, IndexError, ValueError):
        pass
    return rss, rss


def tree_rss_kb(root: int) -> dict[int, tuple[int, int]]:
    """(PSS, RSS) in KiB of `root` and every descendant, from /proc (Linux)."""
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        found[pid] = _rss_kb(pid)
        todo += _children(pid)
    return found


def _command(pid: int) -> str:
    """A process's program and first argument (for the peak's make-up), never its data."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    # Chromium rewrites its command line into one long string: its first words suffice.
    words = [Path(a.decode(errors="replace").split(" ")[0]).name for a in argv[:2] if a]
    return " ".join(words) or "?"


def tree_pss_kb(
    root: int, peak_kb: int, stop: threading.Event
) -> tuple[int, dict[int, tuple[int, int]]]:
    """The tree's total PSS in KiB and its processes' (PSS, RSS).

    A reading above `peak_kb` counts if a second one shortly after shows it
    too (the lower of the two is kept): a child started by vfork (Python's
    subprocess) shares its parent's memory until it execs, and reads as a
    second copy of it (both PSS equal) for the milliseconds before exec, a
    pipeline of 517 MB read as 1,034."""

    def reading() -> tuple[int, dict[int, tuple[int, int]]]:
        found = tree_rss_kb(root)
        return sum(pss for pss, _ in found.values()), found

    first = reading()
    if first[0] <= peak_kb:
        return first
    stop.wait(CONFIRM_SECONDS)
    return min(first, reading(), key=lambda r: r[0])


class TreeMemory:
    """Samples the process tree in a thread: peak total PSS and peak single-process RSS,
    and at the peak, when it was and each process's share (to say which step holds it)."""

    def __init__(self) -> None:
        self.peak_total_kb = 0
        self.peak_single_kb = 0
        self.peak_at = 0.0
        self.peak_processes: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total, found = tree_pss_kb(os.getpid(), self.peak_total_kb, self._stop)
            if total > self.peak_total_kb:
                self.peak_total_kb, self.peak_at = total, time.time()
                self.peak_processes = [(_command(pid), pss) for pid, (pss, _) in found.items()]
            self.peak_single_kb = max(self.peak_single_kb, max(rss for _, rss in found.values()))
            self._stop.wait(SAMPLE_SECONDS)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def classify(step_key: str) -> str:
    if "report" in step_key or "exception_lists" in step_key:
        return "report"
    if "dbt" in step_key:
        return "dbt"
    if "publish" in step_key:
        return "publish"
    if "benchmark" in step_key or "dfe" in step_key:
        return "benchmarks"
    if "lag" in step_key or "gate" in step_key:
        return "gates"
    if "ingest" in step_key:
        return "ingest"
    return "other"


def step_spans(entries) -> dict[str, tuple[float, float]]:
    """Each step's (start, end) time stamps, from the run's events."""
    starts: dict[str, float] = {}
    spans: dict[str, tuple[float, float]] = {}
    for entry in entries:
        event = entry.dagster_event
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = entry.timestamp
        elif event.event_type_value in {"STEP_SUCCESS", "STEP_FAILURE"}:
            spans[event.step_key] = (starts[event.step_key], entry.timestamp)
    return spans


def step_at(entries, moment: float) -> str:
    for step_key, (start, end) in step_spans(entries).items():
        if start <= moment <= end:
            return step_key
    return "outside steps"


def stage_split(entries) -> dict[str, float]:
    step_times = {key: end - start for key, (start, end) in step_spans(entries).items()}
    gate_seconds = 0.0
    for entry in entries:
        event = entry.dagster_event
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
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
    return split


def simulate_two_nights(landing: Path, next_night: Path) -> None:
    """The default LA's drops a week before its default end night into `landing`
    (population, dropped once a year, included), and the end night's into
    `next_night`: one simulation, so the second night is the first a week on."""
    from simulator.cli import Options

    end = Options().end
    first = end - dt.timedelta(days=7)
    both = landing.parent / "both_nights"
    subprocess.run(
        [
            *(sys.executable, "-m", "simulator", "--out", str(both), "--no-truth"),
            *("--nights", f"{first.isoformat()},{end.isoformat()}"),
        ],
        check=True,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
    )
    for source in both.iterdir():
        drops = sorted(source.iterdir())
        shutil.copytree(drops[0], landing / source.name / first.isoformat())
        if len(drops) > 1:
            shutil.copytree(drops[-1], next_night / source.name / drops[-1].name)


def deliver(next_night: Path, landing: Path) -> None:
    for source in next_night.iterdir():
        for drop in source.iterdir():
            shutil.copytree(drop, landing / source.name / drop.name)


def dbt_own_seconds(build_dir: Path) -> float | None:
    """dbt's own run time (run_results.json), where the nightly run keeps its target folder."""
    import json

    results = build_dir / "dbt_target" / "run_results.json"
    if not results.is_file():
        return None
    return float(json.loads(results.read_text())["elapsed_time"])


# Stages in the order a night runs them; "report" is the report and the team
# exception lists written after publish.
STAGES = ("definitions", "ingest", "gates", "benchmarks", "dbt", "publish", "report", "other")


def run_night(
    job, label: str, definitions: tuple[float, float], floor_wall: float, build_dir: Path
) -> tuple[bool, list[str]]:
    """Run the job once; (success, the lines that describe the night)."""
    import dagster as dg

    with TreeMemory() as memory:
        started, cpu_before = time.perf_counter(), cpu_seconds()
        with dg.DagsterInstance.ephemeral() as instance:
            result = job.execute_in_process(instance=instance, raise_on_error=False)
            entries = [e for e in instance.all_logs(result.run_id) if e.dagster_event]
        wall = time.perf_counter() - started + definitions[0]
        cpu = cpu_seconds() - cpu_before + definitions[1]
    split = stage_split(entries)
    split["definitions"] = definitions[0]
    accounted = sum(split.values())
    lines = [
        f"{label}: {'succeeded' if result.success else 'FAILED'}",
        f"  nightly run (definitions + job): {wall:.1f} s wall, {cpu:.1f} s CPU "
        "(all processes; loading the definitions, paid by each nightly process, counted in both); "
        f"{wall / floor_wall:.1f}x the floor (target <= 2.5x)",
        f"  peak memory of the process tree: {memory.peak_total_kb / 1024:.0f} MB PSS "
        f"(largest single process {memory.peak_single_kb / 1024:.0f} MB RSS; target <= 1024 MB), "
        f"during {step_at(entries, memory.peak_at)}: "
        + ", ".join(
            f"{name} {kb / 1024:.0f} MB"
            for name, kb in sorted(memory.peak_processes, key=lambda p: -p[1])
            if kb >= 10 * 1024
        ),
        "  split by stage (wall s):",
        *(f"    {part:<13} {split.get(part, 0.0):6.1f}" for part in STAGES),
        f"    {'outside steps':<13} {wall - accounted:6.1f}",
        f"  gates' share of the run: {100 * split['gates'] / wall:.0f}% (target <= 15%)",
    ]
    own = dbt_own_seconds(build_dir)
    if own is not None:
        lines.append(
            f"  dbt's own run (run_results.json): {own:.1f} s "
            f"of the dbt step's {split['dbt']:.1f} s"
        )
    return result.success, lines


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--landing", type=Path, help="existing landing folder to ingest")
    parser.add_argument("--keep", type=Path, help="keep the data folder here")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="lac-bench-"))
    landing, next_night = args.landing, None
    if landing is None:
        # Two nights: the first a fresh data folder's full ingest and parse,
        # the second a night as every later one is (new drops, dbt's partial
        # parse kept from the night before).
        landing, next_night = work / "landing", work / "next_night"
        started = time.perf_counter()
        simulate_two_nights(landing, next_night)
        print(f"simulate default LA, 2 nights (not counted): {time.perf_counter() - started:.1f} s")
    data = args.keep or (work / "data")

    floor_wall, floor_cpu = measure_floor()
    floor = f"{floor_wall:.1f} s wall, {floor_cpu:.1f} s CPU"
    summary = [f"floor (import {FLOOR_IMPORTS[7:]}): {floor}"]
    print(summary[0])
    started, cpu_before = time.perf_counter(), cpu_seconds()
    from dagster_project.definitions import build_definitions
    from dagster_project.resources import LacSettings

    settings = LacSettings.from_environment(data_dir=str(data), landing_dir=str(landing.resolve()))
    job = build_definitions(settings).resolve_job_def("nightly")
    definitions = (time.perf_counter() - started, cpu_seconds() - cpu_before)
    build_dir = settings.settings.build_dir
    ok, lines = run_night(job, "night 1 (fresh data folder)", definitions, floor_wall, build_dir)
    summary += lines
    if next_night is not None:
        deliver(next_night, landing)
        night_2 = "night 2 (the next night's drops)"
        ok_2, lines = run_night(job, night_2, definitions, floor_wall, build_dir)
        ok, summary = ok and ok_2, summary + lines
    # The job's own log runs to thousands of lines: the figures come last, together.
    print("\n".join(["", "=" * 72, *summary]))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
