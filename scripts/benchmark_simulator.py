"""Time the simulator: one default LA, then 150 LAs with 5 years of history.

Prints wall time, CPU time (user+sys of the simulator processes: the wall
time on two otherwise idle cores is about CPU / 2), peak resident memory
(ru_maxrss of the largest child process; the 150-LA run uses two worker
processes, so the machine's peak is about parent + 2 x child) and the files
and bytes written.
Output goes to a temporary folder that is removed afterwards.

    uv run python scripts/benchmark_simulator.py [--las 150] [--years 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

END = dt.date(2026, 10, 31)


def tree_size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def run(label: str, args: list[str], out: Path) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "simulator", "--out", str(out), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss is in KiB on Linux: the largest of the waited-for descendants
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    files, nbytes = tree_size(out)
    print(
        f"{label}: wall {wall:.1f} s, CPU {cpu:.1f} s (user+sys, all processes), "
        f"peak RSS of largest process {children:.0f} MiB, {files} files, {nbytes / 1e6:.1f} MB"
    )
    load = os.getloadavg()[0]
    print(f"    load average at the end: {load:.1f} (other work slows the wall time)")
    print(f"    simulator says: {proc.stdout.strip()}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--las", type=int, default=150)
    ap.add_argument("--years", type=int, default=5)
    a = ap.parse_args()
    start = END.replace(year=END.year - a.years) + dt.timedelta(days=1)
    with tempfile.TemporaryDirectory(prefix="simbench-") as tmp:
        run("1 default LA (2020-04-01 to 2026-10-31, 1 extract)", [], Path(tmp) / "one")
        run(
            f"{a.las} LAs x {a.years} years ({start} to {END}, 1 extract each, 2 workers)",
            ["--las", str(a.las), "--start", start.isoformat(), "--end", END.isoformat()],
            Path(tmp) / "many",
        )
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"benchmark process itself: peak RSS {self_peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
