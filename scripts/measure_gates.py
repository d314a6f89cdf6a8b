"""Time the GX gates on a landing zone: every table of each source's newest drop.

Reads each table first (not timed), then validates them all in one process,
GX import included, and prints wall and CPU seconds (CPU is the steadier
figure on a shared machine). Run it on two branches to compare.

    .venv/bin/python scripts/measure_gates.py [--landing data/landing] [--repeat 3]
        [--full | --stored | --nights]

By default every run validates every row (no stored outcomes: GX on every
row, the key rules in SQL); `--full` runs GX's whole suite on every row (the
reference, `validate_table_full`); `--stored` keeps each run's outcomes in an
in-memory DuckDB, so the runs after the first find every row stored (a
night on which nothing changed: what the gates cost beside GX). `--nights`
validates every drop of the landing zone, night by night oldest first, with
the outcomes kept between nights (what a catch-up's gates cost, night by
night: GX sees only each night's new rows).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb

from contract import load_contract
from dagster_project.gates.outcomes import OutcomeStore
from dagster_project.gates.runner import validate_table, validate_table_full
from dagster_project.ingest.discovery import all_drops
from dagster_project.ingest.reading import read_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--landing", type=Path, default=Path("data/landing"))
    parser.add_argument("--repeat", type=int, default=1, help="validations of every table")
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--full", action="store_true", help="GX's whole suite on every row")
    how.add_argument("--stored", action="store_true", help="outcomes kept between runs")
    how.add_argument("--nights", action="store_true", help="every drop, oldest night first")
    args = parser.parse_args()
    if args.nights:
        every_night(args.landing)
        return
    store = OutcomeStore(duckdb.connect()) if args.stored else None

    def validate(table, frame, night):
        if args.full:
            return validate_table_full(table, frame, night)
        return validate_table(table, frame, night, store)

    reads = []
    for source in load_contract().sources:
        drops = all_drops(args.landing, source.name)
        if drops:
            for table in source.tables:
                reads.append((table, read_table(drops[-1].path, table).frame, drops[-1]))
    for n in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        failed = sum(
            len(validate(t, frame, drop.extract_date).failed_rules) for t, frame, drop in reads
        )
        print(
            f"run {n + 1}: {len(reads)} tables, {sum(len(f) for _, f, _ in reads)} rows, "
            f"{failed} failed rules, {time.perf_counter() - wall:.2f} s wall, "
            f"{time.process_time() - cpu:.2f} s CPU" + (" (GX import included)" if n == 0 else "")
        )


def every_night(landing: Path) -> None:
    """Each night's drops validated in date order, one outcome store for all the nights."""
    store = OutcomeStore(duckdb.connect())
    nights: dict = {}
    for source in load_contract().sources:
        for drop in all_drops(landing, source.name):
            for table in source.tables:
                frame = read_table(drop.path, table).frame
                nights.setdefault(drop.extract_date, []).append((table, frame))
    import great_expectations  # noqa: F401  (its import is not a night's cost)

    for night, reads in sorted(nights.items()):
        wall, cpu = time.perf_counter(), time.process_time()
        seen = sum(validate_table(t, frame, night, store).rows_validated for t, frame in reads)
        print(
            f"{night}: {len(reads)} tables, {sum(len(f) for _, f in reads)} rows, "
            f"GX ran on {seen}, {time.perf_counter() - wall:.2f} s wall, "
            f"{time.process_time() - cpu:.2f} s CPU"
        )


if __name__ == "__main__":
    main()
