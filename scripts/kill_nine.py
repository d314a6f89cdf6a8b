"""Kill the nightly run with SIGKILL at different moments, and check nothing is left broken.

    .venv/bin/python scripts/kill_nine.py --data-dir /tmp/kill9 [--kills 10]

Issue 15's crash-safety finding, re-run on the default simulated LA: a
first night is run to the end; then, before each kill, the next night's
drops land (so ingest, dbt and publish all have work), `python -m
dagster_project run` is started in its own process group and killed with
SIGKILL (`kill -9`) after a delay spread over a whole run's length. After
each kill it checks:

- the published warehouse opens read-only, every mart table reads, and
  `publish_info` names one run; `exports/latest` is that same run's exports;
- the raw history opens and is consistent: every raw table holds only
  extract dates `_extract_log` records as accepted for its source, and every
  accepted drop has all of its source's tables logged;
- no unfinished publish is taken for the published one.

After the last kill a run goes to the end: it must succeed. One line per
kill is printed (moment, step reached, the checks), then the final run's
result. Exits 1 if any check failed. Writes only under --data-dir.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from contract import load_contract  # noqa: E402
from scripts.scratch_pipeline import scratch_pipeline_env  # noqa: E402

PY = sys.executable
LAST_NIGHT = dt.date(2026, 10, 31)


def _env(data: Path) -> dict[str, str]:
    env = scratch_pipeline_env(data, data / "landing")
    env["SLACK_BOT_TOKEN"] = ""  # no Slack: this measures crash safety
    return env


def _simulate(data: Path, nights: int) -> Path:
    """The default LA's last `nights` nights, in a folder beside the landing zone."""
    pool = data / "pool"
    if not pool.exists():
        subprocess.run(
            [PY, "-m", "simulator", "--out", str(pool), "--extracts", str(nights), "--no-truth"],
            cwd=REPO,
            check=True,
        )
    return pool


def _land(pool: Path, landing: Path, night: dt.date) -> None:
    for source in pool.iterdir():
        drop = source / night.isoformat()
        if source.name.startswith("_"):
            continue
        if not (landing / source.name).exists():
            # A source that drops rarely (the annual population file) has its
            # one drop landed with the first night.
            drop = drop if drop.is_dir() else max(source.iterdir())
            shutil.copytree(drop, landing / source.name / night.isoformat())
        elif drop.is_dir() and not (landing / source.name / night.isoformat()).exists():
            shutil.copytree(drop, landing / source.name / night.isoformat())


def _run(data: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [PY, "-m", "dagster_project", "run", "-v"],
        cwd=REPO,
        env=_env(data),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the kill takes every child too
    )


def _step_reached(log: Path) -> str:
    last = "start"
    for line in log.read_text(errors="replace").splitlines():
        parts = line.split(" - ")
        if "STEP_START" in parts[1:]:
            last = parts[parts.index("STEP_START") - 1]
    return last


def check_published(data: Path) -> list[str]:
    problems = []
    warehouse = data / "warehouse" / "warehouse.duckdb"
    if not warehouse.exists():
        return ["no published warehouse"]
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            tables = [
                t
                for (t,) in con.execute(
                    "select table_name from duckdb_tables() where schema_name = 'marts'"
                ).fetchall()
            ]
            for table in tables:
                con.execute(f'select count(*) from marts."{table}"').fetchall()
            runs = con.execute("select distinct run_id from marts.publish_info").fetchall()
            if len(runs) != 1:
                problems.append(f"publish_info names {len(runs)} runs")
            if not tables:
                problems.append("no mart table")
    except duckdb.Error as error:
        return [f"warehouse unreadable ({type(error).__name__})"]
    exports = (data / "exports" / "latest").resolve()
    if exports.parent != warehouse.resolve().parent:
        problems.append("exports/latest and the warehouse are on different runs")
    return problems


def check_raw_history(data: Path) -> list[str]:
    problems = []
    raw = data / "raw" / "raw_history.duckdb"
    try:
        con = duckdb.connect(str(raw), read_only=True)
    except duckdb.Error as error:
        return [f"raw history unreadable ({type(error).__name__})"]
    try:
        log = con.execute(
            "select source, table_name, extract_date from _extract_log where status = 'accepted'"
        ).fetchall()
        accepted: dict[str, set] = {}
        tables_logged: dict[tuple, set] = {}
        for source, table, date in log:
            accepted.setdefault(source, set()).add(date)
            tables_logged.setdefault((source, date), set()).add(table)
        for source in load_contract().sources:
            names = {t.name for t in source.tables}
            for date in accepted.get(source.name, set()):
                missing = names - tables_logged[(source.name, date)]
                if missing:
                    problems.append(f"{source.name} {date}: {len(missing)} table(s) not logged")
            for table in source.tables:
                dates = {
                    d
                    for (d,) in con.execute(
                        f'select distinct _extract_date from "{table.qualified_name}"'
                    ).fetchall()
                }
                stray = dates - accepted.get(source.name, set())
                if stray:
                    problems.append(f"{table.qualified_name}: rows of unaccepted extracts")
    finally:
        con.close()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--run-seconds", type=float, default=0, help="0: measure the first run")
    args = parser.parse_args()
    data = args.data_dir.resolve()
    nights = [LAST_NIGHT - dt.timedelta(days=args.kills - i) for i in range(args.kills + 1)]
    pool = _simulate(data, len(nights))
    landing = data / "landing"
    landing.mkdir(exist_ok=True)

    _land(pool, landing, nights[0])
    started = time.monotonic()
    first = _run(data, data / "first.log").wait()
    seconds = args.run_seconds or time.monotonic() - started
    print(f"first night {nights[0]}: exit {first}, {seconds:.0f} s")
    failures = int(first != 0)
    for k in range(1, args.kills + 1):
        _land(pool, landing, nights[k])
        delay = seconds * k / (args.kills + 1)  # spread over a whole run
        log = data / f"kill_{k}.log"
        process = _run(data, log)
        time.sleep(delay)
        alive = process.poll() is None
        if alive:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        problems = check_published(data) + check_raw_history(data)
        failures += bool(problems)  # a run that ended before its kill moment is said, not failed
        print(
            f"kill {k:2d} at {delay:5.0f} s (night {nights[k]}, step {_step_reached(log)}): "
            + ("killed" if alive else "run had already ended")
            + "; "
            + ("; ".join(problems) or "published warehouse and raw history consistent")
        )
    final = _run(data, data / "final.log").wait()
    problems = check_published(data) + check_raw_history(data)
    print(f"next run after the kills: exit {final}; " + ("; ".join(problems) or "consistent"))
    failures += int(final != 0) + bool(problems)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
