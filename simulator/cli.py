"""Command line: `python -m simulator [options]`.

Writes nightly extracts of one simulated LA (or many, with --las) into
`<out>/<source>/<extract date>/`, and the truth manifest into `<out>/_truth/`.
With --format ssda903, a 903-only council: `<out>/ssda903/<extract date>/`
and the population source (simulator/ssda903_writer.py).
With --las, each LA goes to `<out>/<la_code>/...`, two worker processes, and
the council registry to `<out>/councils.csv` (simulator/councils.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import numpy as np

from simulator.config import DEFAULT_POPULATION, Backlog, Options
from simulator.councils import write_councils_csv
from simulator.la import RunStats, run_la


def _date(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m simulator",
        description="Write nightly source extracts of a simulated local authority's "
        "children-in-care services, with recording lag and known defects.",
    )
    d = Options()
    p.add_argument("--out", default=d.out, help="landing folder (default %(default)s)")
    p.add_argument("--la-code", default=d.la_code, help="3-digit LA code (default %(default)s)")
    p.add_argument("--seed", type=int, default=d.seed, help="random seed (default %(default)s)")
    p.add_argument("--start", type=_date, default=d.start, help="history start (YYYY-MM-DD)")
    p.add_argument("--end", type=_date, default=d.end, help="history end = last extract night")
    p.add_argument(
        "--extracts",
        type=int,
        default=d.extracts,
        help="write the last N nights up to the end date (default %(default)s)",
    )
    p.add_argument(
        "--nights",
        default="",
        help="comma-separated extract nights (YYYY-MM-DD) instead of --extracts",
    )
    p.add_argument(
        "--population",
        type=int,
        default=d.population,
        help="0-17 population; admissions etc. scale with it (default %(default)s)",
    )
    p.add_argument("--clean", action="store_true", help="inject no defects")
    p.add_argument(
        "--defect-rate",
        type=float,
        default=d.defect_rate,
        help="multiplier of the profile's defect rates (default %(default)s)",
    )
    p.add_argument(
        "--las",
        default="",
        help="many LAs: a count (e.g. 150) or a comma-separated list of LA codes",
    )
    p.add_argument("--workers", type=int, default=2, help="processes for --las (default 2)")
    p.add_argument("--no-truth", action="store_true", help="skip the _truth folder")
    p.add_argument(
        "--backlog",
        action="append",
        default=[],
        type=Backlog.parse,
        metavar="TYPE:START:WEEKS",
        help="inject a recording backlog: TYPE (health_assessments, dental_checks, "
        "initial_health_assessments, reviews, visits, peps, episodes) stops reaching its "
        "system for WEEKS weeks from START (YYYY-MM-DD), then catches up; repeatable",
    )
    p.add_argument(
        "--format",
        choices=("social_care", "ssda903"),
        default=d.extract_format,
        help="social_care: every source's drop (default); ssda903: a 903-only council, "
        "<out>/ssda903/<extract date>/<collection year>/ plus the population source",
    )
    p.add_argument(
        "--ssda903-form",
        choices=("csv", "xml"),
        default=d.ssda903_form,
        help="with --format ssda903: DfE CSV tables (default) or one DfE XML file a year",
    )
    return p


def la_specs(las: str, seed: int, population: int) -> list[tuple[str, int]]:
    """LA codes and 0-17 populations for a multi-LA run (sizes vary like England's
    150 LAs: lognormal around the default borough, 10,000 to 300,000)."""
    if las.isdigit() and "," not in las:
        codes = [f"{800 + i:03d}" for i in range(int(las))]
    else:
        codes = [c.strip() for c in las.split(",") if c.strip()]
    rng = np.random.default_rng([seed, 150])
    sizes = np.clip(rng.lognormal(math.log(population), 0.55, size=len(codes)), 10_000, 300_000)
    return [(c, int(round(s, -2))) for c, s in zip(codes, sizes, strict=True)]


def _run_one(args: tuple[Options, str]) -> RunStats:
    opts, out = args
    return run_la(opts, Path(out))


def main(argv: list[str] | None = None) -> int:
    a = parser().parse_args(argv)
    nights = tuple(_date(s) for s in a.nights.split(",") if s.strip())
    base = Options(
        out=a.out,
        la_code=a.la_code,
        seed=a.seed,
        start=a.start,
        end=a.end,
        extracts=a.extracts,
        population=a.population,
        clean=a.clean,
        defect_rate=a.defect_rate,
        nights=nights,
        write_truth=not a.no_truth,
        backlogs=tuple(a.backlog),
        extract_format=a.format,
        ssda903_form=a.ssda903_form,
    )
    if base.start >= base.end:
        print("--start must be before --end", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    if a.las:
        jobs = [
            (base.with_(la_code=code, population=pop), str(Path(a.out) / code))
            for code, pop in la_specs(a.las, a.seed, a.population or DEFAULT_POPULATION)
        ]
        if a.workers == 1:
            stats = [_run_one(job) for job in jobs]
        else:
            with Pool(a.workers) as pool:
                stats = pool.map(_run_one, jobs, chunksize=1)
                # Close and join before the with block terminates the pool:
                # terminating workers that may hold the task queue's lock
                # has been seen to hang the parent (a test's simulator
                # sat for ten minutes at no CPU).
                pool.close()
                pool.join()
        write_councils_csv(Path(a.out), [opts.la_code for opts, _ in jobs])
    else:
        stats = [run_la(base, Path(a.out))]
    files = sum(s.files for s in stats)
    nbytes = sum(s.bytes for s in stats)
    defects = sum(s.defects for s in stats)
    print(
        f"wrote {len(stats)} LA(s): {files} files, {nbytes / 1e6:.1f} MB, "
        f"{defects} defects listed, {time.perf_counter() - t0:.1f} s"
    )
    return 0
