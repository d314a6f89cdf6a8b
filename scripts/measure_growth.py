"""Raw-history growth: storage, catch-up time and nightly time as nights accumulate.

    .venv/bin/python scripts/measure_growth.py --nights 30 --profile    # catch-up, whole job
    .venv/bin/python scripts/measure_growth.py --job-after --nights 1,30,90,365
    .venv/bin/python scripts/measure_growth.py --in-memory --nights 1,30,90,365
    .venv/bin/python scripts/measure_growth.py --simulate 365 --writer-only --nights 1,30,90,365
    .venv/bin/python scripts/measure_growth.py --writer-only --landing <folder> --nights 1,30
    .venv/bin/python scripts/measure_growth.py --check-writer

Each figure is printed with wall and CPU seconds (the machine is shared, so
wall alone says little):

- the default: the whole nightly job (`python -m dagster_project run`, in a
  scratch data folder and Dagster home) run once to catch up the first N
  nights of the default LA (defects included), then once more for night N+1:
  catch-up time, and the nightly time after N nights. With `--profile`,
  py-spy samples the catch-up and its samples are split by part.
- `--job-after`: the whole nightly job on night N+1 with N nights already
  held, without running the job N times: the N nights are written through
  the writer path (as `--in-memory`), with everything else the job stores in
  the raw history (population, council, DfE releases, lag figures) written by
  the job's own functions; then the job runs once on night N+1's drops of
  every source, written as files by the simulator's writer.
- `--in-memory`: the writer path only: the simulator's rows typed by the
  ingest's caster and written by the nightly writer, no files, gates or dbt.
- `--writer-only`: every night's drops read, typed and written through the
  ingest's own reader, caster and writer (no gates, no dbt). With
  `--simulate K` the default LA's K nightly extracts up to the simulator's
  end date are written in batches into a scratch folder and removed once
  stored (K full extracts would take about 7.5 MB each).
- `--check-writer`: one night stored by the writer path and by the reader
  path hold the same row hashes (so `--job-after`'s history is the job's).

Job runs are measured over their process tree: CPU of the job and every
child it waited for (dbt), peak PSS sampled; a failed run's folder is kept
and its log's error lines printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from contract import load_contract  # noqa: E402
from dagster_project import raw_history  # noqa: E402
from dagster_project.ingest.cast_guard import cast_located  # noqa: E402
from dagster_project.ingest.discovery import all_drops  # noqa: E402
from dagster_project.ingest.reading import read_table  # noqa: E402
from dagster_project.ingest.writing import TableWrite, write_accepted  # noqa: E402
from dagster_project.restricted import owner_only_dir  # noqa: E402
from scripts.benchmark_nightly import cpu_seconds  # noqa: E402
from scripts.scratch_pipeline import scratch_pipeline_env  # noqa: E402

# Nights simulated per batch in --simulate: about 230 MB of scratch CSV per
# 30 nights, small enough for a shared disk, large enough to amortise the
# simulator's start-up (about 10 s).
BATCH_NIGHTS = 30
# py-spy samples a second with --profile: 20 gives a few thousand samples in
# a run of minutes, enough to split it by part, at little cost to the run.
PROFILE_RATE = 20


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


def simulated_la(count: int, end: dt.date, population: int, clean: bool = True):
    """(Options, Truth) of the default LA with `count` nightly extracts up to `end`."""
    from simulator.config import DEFAULT_POPULATION, Options
    from simulator.truth import simulate as simulate_truth

    opts = Options(
        clean=clean, end=end, extracts=count, population=population or DEFAULT_POPULATION,
        write_truth=False,
    )  # fmt: skip
    return opts, simulate_truth(opts)


def in_memory_drops(
    count: int, end: dt.date, population: int, *, as_the_job: bool = False, simulated=None
):
    """(night, source, [TableWrite]) for the default LA's last `count` nights, clean.

    The simulator's own rows for each night, formatted as its writers format
    them and typed by the ingest's caster, without writing or reading files
    (reading 365 nights of XLSX alone would take most of an hour here).

    By default the yearly population table is left out (8 rows a year), and
    each night holds the sources the simulator drops that night. With
    `as_the_job`, every drop the nightly job would have stored is there: the
    population table whenever the simulator drops it, and every source on the
    first night (a council's first run loads every source, as `make run`'s
    single night does).
    """
    from dagster_project.ingest.casting import cast_frame
    from simulator.dates import to_day
    from simulator.la import sources_for_night
    from simulator.writers import ExtractWriter, _format

    opts, truth = simulated or simulated_la(count, end, population)
    # only its row-making methods are used: nothing is written to `out`
    writer = ExtractWriter(truth, Path(tempfile.gettempdir()) / "growth_not_written")
    every = opts.extract_nights()
    for night in every[:count]:
        wanted = sources_for_night(night, opts.end, night == every[-1])
        if as_the_job and night == every[0]:
            # the simulator drops weekly sources on nights a multiple of 7
            # before its end night, so its first night may lack them
            wanted = [s.name for s in load_contract().sources]
        for source in load_contract().sources:
            if source.name not in wanted or (source.name == "population" and not as_the_job):
                continue
            writes = []
            for table in source.tables:
                if source.name == "population":
                    text = _population_text(truth, table, night)
                else:
                    rows, _ = writer._table_rows(source.name, table, to_day(night))
                    text = _format(rows, table, source.date_format, source.datetime_format)
                    text = text.astype(object).where(text != "", None)
                text["_row_number"] = range(1, len(text) + 1)
                typed = cast_frame(table, text)
                writes.append(TableWrite(table, table.file, "in-memory", typed, len(typed)))
            yield night, source.name, writes


def _population_text(truth, table, night: dt.date):
    """The population CSV's rows as the simulator writes them (ExtractWriter._population)."""
    pop = truth.events["population"]
    last_mid = night.year if night >= dt.date(night.year, 6, 30) else night.year - 1
    return pop[pop["mid_year"] <= last_mid][table.column_names].astype(str).astype(object)


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


def _versions_in(raw: Path) -> int:
    con = raw_history.connect(raw, read_only=True)
    try:
        return _version_counts(con)[0]
    finally:
        con.close()


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


@dataclass
class JobRun:
    """One `python -m dagster_project run`, measured over its process tree."""

    ok: bool
    wall: float
    cpu: float  # user + system of the run and every child it waited for (dbt)
    peak_mb: float  # the tree's peak PSS, sampled
    folder: Path  # its stdout, stderr and (with --profile) py-spy's samples
    split: dict[str, float]  # wall seconds by stage, from the run's Dagster events

    def figures(self) -> str:
        return f"{self.wall:>8.1f} {self.cpu:>7.1f} {self.peak_mb:>8.0f}"


def _children_cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def run_job(env: dict, folder: Path, profile: bool = False) -> JobRun:
    """Run the nightly job once in a child process: wall, CPU and peak memory of its tree.

    CPU is the child's own plus its reaped children's (dbt), read from
    getrusage(RUSAGE_CHILDREN) around it, so this script's own work is not
    counted. Memory is the tree's PSS, sampled (benchmark_nightly.py says why).
    With `profile`, py-spy samples the tree (itself not counted: it is reaped
    after the figures are read) into `folder/profile.txt`, folded stacks.
    """
    from benchmark_nightly import SAMPLE_SECONDS, tree_pss_kb

    folder.mkdir(parents=True, exist_ok=True)
    peak = [0]
    stop = threading.Event()

    def sample(pid: int) -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], tree_pss_kb(pid, peak[0], stop)[0])
            stop.wait(SAMPLE_SECONDS)

    with (
        open(folder / "job.out", "wb") as out,
        open(folder / "job.err", "wb") as err,
        open(folder / "py-spy.err", "wb") as spy_err,
    ):
        w0, c0 = time.perf_counter(), _children_cpu()
        job = subprocess.Popen(
            [sys.executable, "-m", "dagster_project", "run"], env=env, cwd=REPO, stdout=out,
            stderr=err,
        )  # fmt: skip
        spy = None
        if profile:
            spy = subprocess.Popen(
                [str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(job.pid),
                 "--subprocesses", "--nonblocking", "--rate", str(PROFILE_RATE), "--format", "raw",
                 "--output", str(folder / "profile.txt")],
                stdout=subprocess.DEVNULL, stderr=spy_err,
            )  # fmt: skip
        sampler = threading.Thread(target=sample, args=(job.pid,), daemon=True)
        sampler.start()
        try:
            job.wait()
        finally:
            if job.poll() is None:  # this script was stopped: leave no job running behind it
                job.kill()
                job.wait()
        wall, cpu = time.perf_counter() - w0, _children_cpu() - c0
        stop.set()
        sampler.join()
        if spy is not None:
            spy.wait()
    split = _stage_split(Path(env["DAGSTER_HOME"]))
    return JobRun(job.returncode == 0, wall, cpu, peak[0] / 1024, folder, split)


# Where a profiled run's samples fall, first match wins: (label, what a stack
# holds). Ingest's parts are named by the pipeline's own functions
# (ingest/pipeline.py); dbt is its own process.
PROFILE_PARTS = (
    ("dbt (its own process)", ("bin/dbt ",)),
    ("ingest: GX gates", ("validate_table (",)),
    ("ingest: volume and change gates", ("_volume (", "_identical (", "previous_accepted (")),
    ("ingest: reading files", ("_read_all (", "read_table (")),
    ("ingest: typing", ("_type (", "cast_located (")),
    ("ingest: writing the raw history", ("write_accepted (", "log_drop (")),
    ("recording-lag gate", ("update_lag_figures (",)),
    ("DfE benchmarks", ("dfe_benchmarks (",)),
    ("report and exception lists", ("monthly_report (", "exception_lists (")),
    ("publish", ("published_warehouse (",)),
    ("imports", ("_find_and_load (",)),
)


def profile_split(samples: Path, rate: int = PROFILE_RATE) -> dict[str, float]:
    """Active seconds by part from py-spy's folded stacks (samples / rate), every thread."""
    split: dict[str, float] = {}
    for line in samples.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        part = next(
            (label for label, marks in PROFILE_PARTS if any(m in stack for m in marks)),
            "other (Dagster, definitions, events, dbt's caller)",
        )
        split[part] = split.get(part, 0.0) + int(count) / rate
    return split


def print_profile(samples: Path) -> None:
    split = profile_split(samples)
    total = sum(split.values()) or 1.0
    # py-spy counts a thread that is running or waiting for a core (not one
    # blocked in a system call): on a loaded machine that is more than its
    # CPU time, so the shares are the figure to read, not the seconds.
    print(f"  py-spy, {samples}: seconds sampled active, by part ({total:.0f} in all)")
    for part, seconds in sorted(split.items(), key=lambda kv: -kv[1]):
        print(f"    {part:<52} {seconds:7.1f}  {100 * seconds / total:4.0f}%")


def _stage_split(home: Path) -> dict[str, float]:
    """The newest night's wall seconds by stage (benchmark_nightly's classification).

    A night is several runs (each council's ingest, then the build), tagged
    with the same night: all of them are counted, not only the last (the build).
    """
    import dagster as dg
    from benchmark_nightly import stage_split

    from dagster_project.assets.council_partitions import NIGHT_TAG

    with dg.DagsterInstance.from_config(str(home)) as instance:
        newest = instance.get_runs(limit=1)
        if not newest:
            return {}
        night = newest[0].tags.get(NIGHT_TAG)
        runs = newest
        if night:
            runs = instance.get_runs(filters=dg.RunsFilter(tags={NIGHT_TAG: night}))
        split: dict[str, float] = defaultdict(float)
        for run in runs:  # one by one: councils' runs share step keys
            entries = [e for e in instance.all_logs(run.run_id) if e.dagster_event]
            for stage, seconds in stage_split(entries).items():
                split[stage] += seconds
    return dict(split)


def failure_cause(run: JobRun) -> str:
    """Why a run failed, from its full log: the failing steps' error lines."""
    out = (run.folder / "job.out").read_text(errors="replace")
    err = (run.folder / "job.err").read_text(errors="replace")
    found = re.search(r"Full log: (\S+)", out)
    log = Path(found.group(1)).read_text(errors="replace") if found else ""
    wanted = re.compile(r"ERROR|STEP_FAILURE|Failure|Error:|failed", re.IGNORECASE)
    lines = [line for line in (log + err).splitlines() if wanted.search(line)]
    where = found.group(1) if found else "no log"
    return f"run failed (log {where}):\n    " + "\n    ".join(lines[:25] or err.splitlines()[-25:])


def _split_text(split: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.0f}" for k, v in sorted(split.items(), key=lambda kv: -kv[1]))


def pipeline(args) -> None:
    """Catch up the first N nights in one run, then run night N+1: per mark in --nights."""
    end = dt.date.fromisoformat(args.end)
    print("whole nightly job (ingest with gates, dbt, publish), default simulated LA, defects")
    print(
        f"{'nights':>6} {'raw MB':>7} {'catch-up s':>10} {'(cpu)':>7} {'peak MB':>8} "
        f"{'next night s':>12} {'(cpu)':>7} {'peak MB':>8}"
    )
    for n in sorted(int(x) for x in args.nights.split(",")):
        root = Path(tempfile.mkdtemp(prefix=f"growth_job_{n}_"))
        keep = args.keep
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
            env = scratch_pipeline_env(root / "data", landing)
            catch = run_job(env, root / "catch_up", profile=args.profile)
            print(f"  catch-up of {n} nights, wall s by stage: {_split_text(catch.split)}")
            for source_dir in held.iterdir():
                (source_dir / last).rename(landing / source_dir.name / last)
            after = run_job(env, root / "next_night")
            raw_mb = database_bytes(root / "data" / "raw" / "raw_history.duckdb") / 1e6
            print(f"{n:>6} {raw_mb:>7.1f} {catch.figures()} {after.figures()}", flush=True)
            for label, run in (("catch-up", catch), ("next night", after)):
                if not run.ok:
                    keep = True
                    print(f"  {label}: {failure_cause(run)}")
            if args.profile:
                keep = True
                print_profile(catch.folder / "profile.txt")
        finally:
            if not keep:
                shutil.rmtree(root, ignore_errors=True)


def job_state_first_night(con, raw: Path) -> None:
    """What the nightly job's first run writes besides the extracts, by its own functions:
    the council the raw history holds, and the DfE releases (about 100,000 rows)."""
    from dagster_project.benchmarks.store import load_folder
    from dagster_project.ingest.council import check_raw_history_council
    from dagster_project.settings import load_settings

    settings = load_settings()
    check_raw_history_council(con, settings.la_code, raw)
    load_folder(con, settings.dfe_dir)


def job_state_each_night(con) -> None:
    """What the nightly job writes each night once its drops are stored: the recording-lag
    figures (the lag check, assets/lag_check.py)."""
    from dagster_project.gates.lag import update_lag_figures

    update_lag_figures(con)


def check_writer_path(args) -> bool:
    """Does the writer path store a night as the job's reader does? One night, both ways.

    The night is stored from the simulator's rows in memory (as --job-after
    builds its history) into one raw history, and from the same night's
    files (written by the simulator's own writer, read by the ingest's reader
    and caster) into another; each table's row hashes (every contract value)
    must be the same in both.
    """
    from dagster_project.row_versions import versions_table
    from simulator.dates import to_day
    from simulator.writers import ExtractWriter

    end = dt.date.fromisoformat(args.end)
    simulated = simulated_la(1, end, args.population)
    root = Path(tempfile.mkdtemp(prefix="growth_check_"))
    try:
        owner_only_dir(root / "raw")
        from_memory, from_files = root / "raw" / "memory.duckdb", root / "raw" / "files.duckdb"
        con = raw_history.connect(from_memory)
        for night, source, writes in in_memory_drops(
            1, end, 0, as_the_job=True, simulated=simulated
        ):
            write_accepted(con, source, night, writes)
        con.close()
        landing = root / "landing"
        sources = [s.name for s in load_contract().sources]
        ExtractWriter(simulated[1], landing).write_night(to_day(night), sources)
        con = raw_history.connect(from_files)
        write_nights(con, landing, {night})
        con.execute("attach ? as memory (read_only)", [str(from_memory)])
        print(f"night {night}: versions from memory, from files, in only one of them")
        same = True
        for t in load_contract().tables():
            versions = versions_table(t)
            mine = f"select _row_hash, _copy from memory.{versions}"
            theirs = f"select _row_hash, _copy from {versions}"
            counts = con.execute(
                f"select (select count(*) from memory.{versions}), "
                f"(select count(*) from {versions}), (select count(*) from "
                f"(({mine} except {theirs}) union all ({theirs} except {mine})))"
            ).fetchone()
            same = same and counts[0] == counts[1] and counts[2] == 0
            print(f"  {t.qualified_name:<36} {counts[0]:>7} {counts[1]:>7} {counts[2]:>7}")
        con.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("writer path == reader path" if same else "the writer path stores rows otherwise")
    return same


def nightly_after(args) -> None:
    """The whole nightly job on night N+1 with N nights already held, per mark in --nights.

    The N nights are written quickly through the writer path (`in_memory_drops`
    with every source the job stores, population included, plus the council,
    the DfE releases and each night's lag figures, by the job's own
    functions); at each mark the raw history is copied into a scratch data
    folder, night N+1's drops of every source are written as files by the
    simulator's own writer into its landing folder, and the real job runs once.
    """
    from simulator.dates import to_day
    from simulator.writers import ExtractWriter

    marks = sorted(int(n) for n in args.nights.split(","))
    end = dt.date.fromisoformat(args.end)
    # One more night than the last mark: the night the job runs on after it.
    opts, truth = simulated_la(max(marks) + 1, end, args.population)
    every = opts.extract_nights()
    root = Path(tempfile.mkdtemp(prefix="growth_after_"))
    built = root / "built" / "raw_history.duckdb"
    print(f"nightly job on night N+1 after N nights built by the writer path; scratch {root}")
    print(
        f"{'nights':>6} {'held MB':>8} {'versions':>9} {'night N+1':>10} {'wall s':>8} "
        f"{'cpu s':>7} {'peak MB':>8} {'raw MB after':>12} {'versions+':>9}"
    )
    sources = [s.name for s in load_contract().sources]

    def run_after(n: int) -> None:
        mark = root / f"after_{n}"
        raw = mark / "data" / "raw" / "raw_history.duckdb"
        owner_only_dir(raw.parent)
        shutil.copy2(built, raw)
        landing = mark / "landing"
        ExtractWriter(truth, landing).write_night(to_day(every[n]), sources)
        held_mb = database_bytes(raw) / 1e6
        versions = _versions_in(raw)
        run = run_job(
            scratch_pipeline_env(mark / "data", landing), mark / "job", profile=args.profile
        )
        after_mb = database_bytes(raw) / 1e6
        # The versions night N+1 adds, read from files by the job, are what
        # changed since night N only if the writer path stored night N as the
        # job would have (a column typed otherwise would add every row again).
        added = _versions_in(raw) - versions
        print(
            f"{n:>6} {held_mb:>8.1f} {versions:>9} {every[n].isoformat():>10} "
            f"{run.figures()} {after_mb:>12.1f} {added:>+9}{'' if run.ok else '  FAILED'}",
            flush=True,
        )
        print(f"  wall s by stage: {_split_text(run.split)}", flush=True)
        if args.profile:
            print_profile(run.folder / "profile.txt")
        if not run.ok:
            print(f"  {failure_cause(run)}", flush=True)
        elif not args.keep and not args.profile:
            shutil.rmtree(mark, ignore_errors=True)

    owner_only_dir(built.parent)
    con = raw_history.connect(built)
    job_state_first_night(con, built)
    done, current = 0, None
    w0, c0 = time.perf_counter(), cpu_seconds()
    try:
        drops = in_memory_drops(max(marks), end, 0, as_the_job=True, simulated=(opts, truth))
        for night, source, writes in drops:
            if current is not None and night != current:
                job_state_each_night(con)
                done += 1
                if done in marks:
                    con.close()
                    run_after(done)
                    con = raw_history.connect(built)
            current = night
            write_accepted(con, source, night, writes)
        job_state_each_night(con)
        done += 1
        con.close()
        print(
            f"  built {done} nights: {time.perf_counter() - w0:.0f} s wall, "
            f"{cpu_seconds() - c0:.0f} s CPU (nightly jobs at the marks included)",
            flush=True,
        )
        if done in marks:
            run_after(done)
    finally:
        if not args.keep and not args.profile:
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
    p.add_argument(
        "--job-after",
        action="store_true",
        help="the nightly job on night N+1, the N nights built by the writer path",
    )
    p.add_argument("--profile-split", type=Path, help="split a py-spy profile.txt by part")
    p.add_argument(
        "--check-writer",
        action="store_true",
        help="check that the writer path stores a night as the job's reader does",
    )
    p.add_argument("--profile", action="store_true", help="py-spy samples of each job run")
    args = p.parse_args(argv)
    if args.profile and not (Path(sys.executable).parent / "py-spy").exists():
        # a dev dependency (pyproject.toml): missing only beside another Python
        p.error("--profile needs py-spy beside this Python (`make setup` installs it)")
    # Stopped with SIGTERM: unwind, so a running job is ended and scratch folders removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.profile_split:
        print_profile(args.profile_split)
        return 0
    if args.check_writer:
        return 0 if check_writer_path(args) else 1
    if args.job_after:
        nightly_after(args)
    elif args.in_memory:
        writer_in_memory(args)
    elif args.writer_only:
        writer_only(args)
    else:
        pipeline(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
