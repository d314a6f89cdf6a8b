"""The quiet console of `python -m dagster_project run` (what `make run` shows).

Belongs here: how a run looks in a terminal. Everything Dagster, dbt and GX
print goes to a log file under `$LAC_DATA_DIR/logs/` (and every event stays
in the Dagster run, as always); the terminal gets one line per step with its
elapsed time, a progress bar while dbt builds, and the warnings in one short
summary. `-v` prints everything, as before.

How: the process's stdout and stderr file descriptors are pointed at the log
file for the length of the run (so dbt's and GX's output is caught too), and
a thread follows the run's events in the Dagster instance and writes the
step lines to the terminal through a saved copy of the real stdout.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import dagster as dg

# Seconds between looks at the event log: often enough for a live progress
# bar, rare enough to cost nothing next to a 45-second run.
POLL_SECONDS = 0.5
BAR_WIDTH = 30
# Warnings named in the summary before "and N more": the summary must stay short.
WARNINGS_NAMED = 6
NAME_WIDTH = 48

STEP_LABELS = {
    "dfe_benchmarks": "DfE benchmarks",
    "warehouse_dbt_assets": "dbt build (models and tests)",
    "warehouse__published": "Publish the warehouse and exports",
    "reports__monthly_report": "Report (HTML, XLSX, PDF)",
    "restricted__exception_lists": "Exception lists (restricted)",
    "data_quality__nightly_findings": "Data-quality summary and list",
    "restricted__health_reconciliation_exceptions": "Health reconciliation list (restricted)",
    "marts__health_reconciliation_reconciliation_gap_within_tolerance": (
        "Health reconciliation gap check"
    ),
}

WATCHED = {
    dg.DagsterEventType.STEP_START,
    dg.DagsterEventType.STEP_SUCCESS,
    dg.DagsterEventType.STEP_FAILURE,
    dg.DagsterEventType.ASSET_MATERIALIZATION,
}


def step_label(step_key: str) -> str:
    if step_key in STEP_LABELS:
        return STEP_LABELS[step_key]
    if step_key.startswith("ingest_"):
        return f"Ingest and gate {step_key.removeprefix('ingest_').replace('_', ' ')}"
    if step_key.endswith("_lag"):
        return "Recording lag check"
    if "_landing_zone_" in step_key:
        source = step_key.rsplit("_landing_zone_", 1)[1]
        return f"Landing zone check {source.replace('_', ' ')}"
    return step_key.replace("__", " ").replace("_", " ")


@dataclass
class _Progress:
    out: IO[str]
    is_tty: bool
    dbt_models: int
    started: dict[str, float] = field(default_factory=dict)
    materialized: dict[str, int] = field(default_factory=dict)
    bar_shown: bool = False

    def _clear_bar(self) -> None:
        if self.bar_shown:
            self.out.write("\r" + " " * (BAR_WIDTH + 60) + "\r")
            self.bar_shown = False

    def handle(self, event: dg.DagsterEvent, timestamp: float) -> None:
        step = event.step_key or ""
        kind = event.event_type
        if kind == dg.DagsterEventType.STEP_START:
            self.started[step] = timestamp
        elif kind == dg.DagsterEventType.ASSET_MATERIALIZATION:
            self.materialized[step] = self.materialized.get(step, 0) + 1
            if step == "warehouse_dbt_assets" and self.is_tty and self.dbt_models:
                done = min(self.materialized[step], self.dbt_models)
                filled = BAR_WIDTH * done // self.dbt_models
                bar = "#" * filled + "." * (BAR_WIDTH - filled)
                self.out.write(f"\r  … {step_label(step):<36} [{bar}] {done}/{self.dbt_models}")
                self.bar_shown = True
        elif kind in (dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE):
            self._clear_bar()
            elapsed = timestamp - self.started.get(step, timestamp)
            mark = "ok" if kind == dg.DagsterEventType.STEP_SUCCESS else "FAILED"
            self.out.write(f"  {mark:<6} {step_label(step):<40} {elapsed:6.1f} s\n")
        self.out.flush()


def _follow(
    instance: dg.DagsterInstance, run_id: str, progress: _Progress, stop: threading.Event
) -> None:
    cursor = None
    while True:
        finished = stop.is_set()
        connection = instance.get_records_for_run(run_id, cursor=cursor, of_type=WATCHED)
        for record in connection.records:
            entry = record.event_log_entry
            if entry.dagster_event is not None:
                progress.handle(entry.dagster_event, entry.timestamp)
        cursor = connection.cursor
        if finished and not connection.has_more:
            return
        if not connection.has_more:
            stop.wait(POLL_SECONDS)


@contextlib.contextmanager
def _output_to(log_file: Path) -> Iterator[IO[str]]:
    """Point fds 1 and 2 at the log file; yield a stream to the real terminal."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved_out, saved_err = os.dup(1), os.dup(2)
    terminal = os.fdopen(os.dup(saved_out), "w", buffering=1, encoding="utf-8")
    with open(log_file, "a", encoding="utf-8") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield terminal
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved_out, 1)
            os.dup2(saved_err, 2)
            os.close(saved_out)
            os.close(saved_err)
            terminal.close()


def new_log_file(log_dir: Path) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return log_dir / f"nightly_{stamp}.log"


def run_quietly(
    job: dg.JobDefinition,
    instance: dg.DagsterInstance,
    log_file: Path,
    dbt_models: int,
    partition_key: str | None = None,
    tags: dict[str, str] | None = None,
) -> dg.ExecuteInProcessResult:
    """Run the job with its output in `log_file` and one line per step on the terminal.

    `partition_key`: a council's partition (council_ingest); `tags` go on the run.
    """
    import uuid

    run_id = str(uuid.uuid4())
    started = time.monotonic()
    with _output_to(log_file) as terminal:
        progress = _Progress(out=terminal, is_tty=terminal.isatty(), dbt_models=dbt_models)
        stop = threading.Event()
        follower = threading.Thread(
            target=_follow, args=(instance, run_id, progress, stop), daemon=True
        )
        follower.start()
        try:
            result = job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                run_id=run_id,
                partition_key=partition_key,
                tags=tags,
            )
        finally:
            stop.set()
            follower.join()
        terminal.write(f"  {'':<6} {'Whole run':<40} {time.monotonic() - started:6.1f} s\n")
    return result


def _short(name: str) -> str:
    # dbt's generated test names run to 100 characters; the log has them whole.
    return name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1] + "…"


def warning_summary(result: dg.ExecuteInProcessResult) -> list[str]:
    """One or two lines naming the checks that warned (the full text is in the log)."""
    warned = sorted({e.check_name for e in result.get_asset_check_evaluations() if not e.passed})
    if not warned:
        return ["No warnings."]
    named = ", ".join(_short(name) for name in warned[:WARNINGS_NAMED])
    more = f" and {len(warned) - WARNINGS_NAMED} more" if len(warned) > WARNINGS_NAMED else ""
    return [f"{len(warned)} checks warned (details in the log): {named}{more}."]
