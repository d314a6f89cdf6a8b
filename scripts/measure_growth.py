"""Raw-history growth: storage, catch-up time and nightly time as nights accumulate.

    .venv/bin/python scripts/measure_growth.py --nights 1,30          # whole nightly job
    .venv/bin/python scripts/measure_growth.py --simulate 365 --writer-only --nights 1,30,90,365
    .venv/bin/python scripts/measure_growth.py --writer-only --landing <folder> --nights 1,30

Two paths, each printed with wall and CPU seconds (the machine is shared, so
wall alone says little):

- `--writer-only`: every night's drops read, typed and written to the raw
  history through the ingest's own reader, caster and writer (no gates, no
  dbt): storage after N nights, and the writer's seconds per night.
- the default: the whole nightly job (`python -m dagster_project run`, in a
  scratch data folder and Dagster home) run once to catch up the first N
  nights of the default LA (defects included), then once more for night N+1:
  catch-up time, and the nightly time after N nights.

With `--simulate K` (writer only) the default LA's K nightly extracts up to
the simulator's end date are written in batches into a scratch folder and
removed once stored (K full extracts would take about 7.5 MB each).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from contract import load_contract  # noqa: E402
from dagster_project import raw_history  # noqa: E402
from dagster_project.ingest.cast_guard import cast_located  # noqa: E402
from dagster_project.ingest.discovery import all_drops  # noqa: E402
from dagster_project.ingest.reading import read_table  # noqa: E402
from dagster_project.ingest.writing import TableWrite, write_accepted  # noqa: E402

# Nights simulated per batch in --simulate: about 230 MB of scratch CSV per
# 30 nights, small enough for a shared disk, large enough to amortise the
# simulator's start-up (about 10 s).
BATCH_NIGHTS = 30


def cpu_seconds() -> float:
    """CPU of this process and of every finished child (the simulator, dbt)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def database_bytes(path: Path) -> int:
    """Bytes the raw history holds after a checkpoint (free blocks reclaimed)."""
    return path.stat().st_size


def write_nights(con, landing: Path, nights: set[dt.date] | None = None) -> int:
    """Read, type and write every drop under `landing` (oldest first); return drops written."""
    written = 0
    for source in load_contract().sources:
        for drop in all_drops(landing, source.name):
            if nights is not None and drop.extract_date not in nights:
                continue
            writes = []
            for table in source.tables:
                read = read_table(drop.path, table)
                typed = cast_located(table, read.frame, read.location, read.row_label)
                writes.append(TableWrite(table, read.file, read.sha256, typed, len(read.frame)))
            write_accepted(con, source.name, drop.extract_date, writes)
            written += 1
    return written


def in_memory_drops(count: int, end: dt.date, population: int):
    """(night, source, [TableWrite]) for the default LA's last `count` nights, clean.

    The simulator's own rows for each night, formatted as its writers format
    them and typed by the ingest's caster, without writing or reading files
    (reading 365 nights of XLSX alone would take most of an hour here). The
    yearly population table is left out (8 rows a year).
    """
    from dagster_project.ingest.casting import cast_frame
    from simulator.config import DEFAULT_POPULATION, Options
    from simulator.dates import to_day
    from simulator.la import sources_for_night
    from simulator.truth import simulate as simulate_truth
    from simulator.writers import ExtractWriter, _format

    opts = Options(
        clean=True, end=end, extracts=count, population=population or DEFAULT_POPULATION,
        write_truth=False,
    )  # fmt: skip
    writer = ExtractWriter(simulate_truth(opts), Path(tempfile.mkdtemp(prefix="growth_unused_")))
    nights = opts.extract_nights()
    for night in nights:
        for source in load_contract().sources:
            wanted = sources_for_night(night, opts.end, night == nights[-1])
            if source.name not in wanted or source.name == "population":
                continue
            writes = []
            for table in source.tables:
                rows, _ = writer._table_rows(source.name, table, to_day(night))
                text = _format(rows, table, source.date_format, source.datetime_format)
                text = text.astype(object).where(text != "", None)
                text["_row_number"] = range(1, len(text) + 1)
                typed = cast_frame(table, text)
                writes.append(TableWrite(table, table.file, "in-memory", typed, len(typed)))
            yield night, source.name, writes


def writer_in_memory(args) -> None:
    marks = sorted(int(n) for n in args.nights.split(","))
    raw = Path(tempfile.mkdtemp(prefix="growth_")) / "raw" / "raw_history.duckdb"
    print(f"writer only, in memory (no files): raw history {raw}")
    print(f"{'nights':>6} {'MB':>8} {'MB/night':>9} {'versions':>9} {'snapshot rows':>14} "
          f"{'write s/night (wall)':>21} {'(cpu)':>7}")  # fmt: skip
    end = dt.date.fromisoformat(args.end)
    done, last_done, last_mb, wall, cpu = 0, 0, 0.0, 0.0, 0.0
    current = None
    con = raw_history.connect(raw)
    try:
        for night, source, writes in in_memory_drops(max(marks), end, args.population):
            if current is not None and night != current:
                done += 1
                if done in marks:
                    con.execute("checkpoint")
                    mb = database_bytes(raw) / 1e6
                    versions, rows = _version_counts(con)
                    print(
                        f"{done:>6} {mb:>8.1f} {(mb - last_mb) / (done - last_done):>9.2f} "
                        f"{versions:>9} {rows:>14} {wall / done:>21.2f} {cpu / done:>7.2f}",
                        flush=True,
                    )
                    last_mb, last_done = mb, done
            current = night
            w0, c0 = time.perf_counter(), cpu_seconds()
            write_accepted(con, source, night, writes)
            wall += time.perf_counter() - w0
            cpu += cpu_seconds() - c0
        done += 1
        con.execute("checkpoint")
        mb = database_bytes(raw) / 1e6
        versions, rows = _version_counts(con)
        print(
            f"{done:>6} {mb:>8.1f} {(mb - last_mb) / max(done - last_done, 1):>9.2f} "
            f"{versions:>9} {rows:>14} {wall / done:>21.2f} {cpu / done:>7.2f}",
            flush=True,
        )
    finally:
        con.close()


def _version_counts(con) -> tuple[int, int]:
    """Versions stored, and the rows nightly snapshots would have held."""
    from dagster_project.row_versions import NIGHTS, versions_table

    versions = sum(
        con.execute(f"select count(*) from {versions_table(t)}").fetchone()[0]
        for t in load_contract().tables()
    )
    rows = con.execute(f"select coalesce(sum(row_count), 0) from {NIGHTS}").fetchone()[0]
    return versions, int(rows)


def simulate(out: Path, nights: list[dt.date], population: int | None, clean: bool = True) -> None:
    # clean for the writer-only path: it has no gates to quarantine defects
    args = [sys.executable, "-m", "simulator", "--out", str(out), "--no-truth"]
    if clean:
        args.append("--clean")
    args += ["--nights", ",".join(n.isoformat() for n in nights)]
    if population:
        args += ["--population", str(population)]
    subprocess.run(args, check=True, capture_output=True, cwd=REPO)


def writer_only(args) -> None:
    marks = sorted(int(n) for n in args.nights.split(","))
    raw = Path(tempfile.mkdtemp(prefix="growth_")) / "raw" / "raw_history.duckdb"
    print(f"writer only: ingest reader, caster and writer, no gates; raw history {raw}")
    print(f"{'nights':>6} {'MB':>8} {'MB/night':>9} {'write s/night (wall)':>21} {'(cpu)':>7}")
    if args.simulate:
        end = dt.date.fromisoformat(args.end)
        all_nights = [end - dt.timedelta(days=i) for i in range(args.simulate - 1, -1, -1)]
    else:
        all_nights = sorted({d.extract_date for d in all_drops(Path(args.landing), "social_care")})
    done, last_done, last_mb = 0, 0, 0.0
    wall = cpu = 0.0
    scratch = Path(tempfile.mkdtemp(prefix="growth_landing_"))
    try:
        for start in range(0, max(marks), BATCH_NIGHTS):
            batch = all_nights[start : min(start + BATCH_NIGHTS, max(marks))]
            if not batch:
                break
            if args.simulate:
                shutil.rmtree(scratch, ignore_errors=True)
                simulate(scratch, batch, args.population)
                landing = scratch
            else:
                landing = Path(args.landing)
            for night in batch:
                con = raw_history.connect(raw)
                w0, c0 = time.perf_counter(), cpu_seconds()
                write_nights(con, landing, {night})
                con.execute("checkpoint")
                con.close()
                wall += time.perf_counter() - w0
                cpu += cpu_seconds() - c0
                done += 1
                if done in marks:
                    mb = database_bytes(raw) / 1e6
                    per = (mb - last_mb) / (done - last_done)
                    row = (
                        f"{done:>6} {mb:>8.1f} {per:>9.2f} {wall / done:>21.2f} {cpu / done:>7.2f}"
                    )
                    print(row, flush=True)
                    last_mb, last_done = mb, done
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _run_nightly(env: dict) -> tuple[float, float, bool]:
    """`python -m dagster_project run` once: wall, CPU (the run and its dbt child), success."""
    w0, c0 = time.perf_counter(), cpu_seconds()
    done = subprocess.run(
        [sys.executable, "-m", "dagster_project", "run"], env=env, cwd=REPO, capture_output=True
    )
    return time.perf_counter() - w0, cpu_seconds() - c0, done.returncode == 0


def pipeline(args) -> None:
    """Catch up the first N nights in one run, then run night N+1: per mark in --nights."""
    import os

    end = dt.date.fromisoformat(args.end)
    print("whole nightly job (ingest with gates, dbt, publish), default simulated LA")
    print(
        f"{'nights':>6} {'raw MB':>7} {'catch-up s (wall)':>18} {'(cpu)':>7} "
        f"{'next night s (wall)':>20} {'(cpu)':>7}"
    )
    for n in sorted(int(x) for x in args.nights.split(",")):
        root = Path(tempfile.mkdtemp(prefix=f"growth_job_{n}_"))
        try:
            nights = [end - dt.timedelta(days=i) for i in range(n, -1, -1)]  # n + 1 nights
            landing, held = root / "landing", root / "held"
            simulate(landing, nights, args.population, clean=False)
            last = nights[-1].isoformat()
            held.mkdir()
            for source_dir in landing.iterdir():
                if (source_dir / last).is_dir():
                    (held / source_dir.name).mkdir()
                    (source_dir / last).rename(held / source_dir.name / last)
            home = root / "dagster_home"
            home.mkdir()
            shutil.copy(REPO / "config" / "dagster.yaml", home / "dagster.yaml")
            env = {
                **os.environ,
                "LAC_DATA_DIR": str(root / "data"),
                "LAC_LANDING_DIR": str(landing),
                "DAGSTER_HOME": str(home),
            }
            catch_wall, catch_cpu, ok1 = _run_nightly(env)
            for source_dir in held.iterdir():
                (source_dir / last).rename(landing / source_dir.name / last)
            next_wall, next_cpu, ok2 = _run_nightly(env)
            raw_mb = database_bytes(root / "data" / "raw" / "raw_history.duckdb") / 1e6
            flag = "" if ok1 and ok2 else "  (a run failed: see its log)"
            print(
                f"{n:>6} {raw_mb:>7.1f} {catch_wall:>18.1f} {catch_cpu:>7.1f} "
                f"{next_wall:>20.1f} {next_cpu:>7.1f}{flag}",
                flush=True,
            )
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--landing", help="a landing folder holding several nights")
    p.add_argument("--simulate", type=int, default=0, help="simulate this many nights")
    p.add_argument("--end", default="2026-10-31", help="last simulated night")
    p.add_argument("--population", type=int, default=0)
    p.add_argument("--nights", default="1,30", help="print figures after these many nights")
    p.add_argument("--writer-only", action="store_true")
    p.add_argument("--keep", action="store_true", help="keep the scratch folders")
    p.add_argument(
        "--in-memory", action="store_true", help="writer only, the simulator's rows without files"
    )
    args = p.parse_args(argv)
    if args.in_memory:
        writer_in_memory(args)
    elif args.writer_only:
        writer_only(args)
    else:
        pipeline(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
