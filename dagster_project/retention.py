"""Retention: what every run leaves behind is pruned, so disk use stays flat.

Belongs here: deleting old run state, and the sensor that does it daily.
Measured on main (issue 13): Dagster's run storage grew 5.85 MB a run (the
run's event log, kept in $DAGSTER_HOME/history/runs/<run id>.db, and its
compute logs in $DAGSTER_HOME/storage/<run id>/), with no retention. What is
kept:

- Dagster runs: finished runs older than `run_retention_days` (setting
  LAC_RUN_RETENTION_DAYS, default 30) are deleted through the instance API
  (`DagsterInstance.delete_run`: the run, its events and its asset events),
  then the files delete_run leaves: the run's emptied SQLite event-log file
  and its compute-log folder. Runs still queued or in progress
  are never touched. dagster.yaml's `retention` covers schedule and sensor
  ticks only (config/dagster.yaml).
- The nightly console logs (`<data>/logs/nightly_*.log`, one a run): the
  newest `kept_runs` (LAC_KEPT_RUNS, default 7), as for the published run
  folders (publish.py).

Other per-run state is already kept in one place: dbt's target folder
(<build_dir>/dbt_target), the working warehouse (<build_dir>), and the
published run folders, exports inside them, which publish.py prunes to the
same `kept_runs` (with `.warehouse.duckdb.<run>.tmp` leftovers of killed
publishes). Reports, restricted lists and the raw history are outputs kept
on purpose, not run state.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from dagster_project.resources import LacSettings
from dagster_project.settings import Settings

# Statuses a run never leaves: only these are deleted.
FINISHED = [
    dg.DagsterRunStatus.SUCCESS,
    dg.DagsterRunStatus.FAILURE,
    dg.DagsterRunStatus.CANCELED,
]
NIGHTLY_LOGS = "nightly_*.log"
# Why daily: runs are nightly, so pruning once a day keeps at most one extra
# night's state; the sensor's own cost is one query and a few deletions.
PRUNE_INTERVAL_SECONDS = 24 * 3600
# Runs deleted per call: a first prune of a long-neglected instance is
# spread over several days rather than holding the run storage for minutes.
MAX_RUNS_PER_PRUNE = 500


@dataclass
class Pruned:
    runs: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        return f"deleted {len(self.runs)} old Dagster run(s) and {len(self.files)} old log file(s)"


def prune_dagster_runs(
    instance: dg.DagsterInstance, retention_days: int, now: dt.datetime | None = None
) -> list[str]:
    """Delete finished runs created more than `retention_days` ago; return their ids."""
    now = now or dt.datetime.now(dt.UTC)
    cutoff = now - dt.timedelta(days=retention_days)
    records = instance.get_run_records(
        filters=dg.RunsFilter(statuses=FINISHED, created_before=cutoff),
        limit=MAX_RUNS_PER_PRUNE,
        ascending=True,
    )
    deleted = []
    for record in records:
        run_id = record.dagster_run.run_id
        instance.delete_run(run_id)
        _remove_run_files(instance, run_id)
        deleted.append(run_id)
    return deleted


def _remove_run_files(instance: dg.DagsterInstance, run_id: str) -> None:
    """What delete_run leaves on disk: the run's own SQLite event-log file (emptied,
    not shrunk: most of the 5.85 MB a run) and its compute logs."""
    shard = getattr(instance.event_log_storage, "path_for_shard", None)
    if shard is not None:  # the default SQLite storage: one file per run
        # the same files Dagster's own SqliteEventLogStorage.wipe removes
        for suffix in ("", "-wal", "-shm"):
            Path(shard(run_id) + suffix).unlink(missing_ok=True)
        # as wipe() does: a later read of this run id sets up a fresh file
        getattr(instance.event_log_storage, "_initialized_dbs", set()).discard(run_id)
    if instance.root_directory:
        shutil.rmtree(Path(instance.root_directory) / "storage" / run_id, ignore_errors=True)


def prune_newest_kept(folder: Path, pattern: str, keep: int) -> list[Path]:
    """Delete files matching `pattern` in `folder` but the newest `keep` (by name, then mtime)."""
    if not folder.is_dir():
        return []
    files = sorted(folder.glob(pattern), key=lambda p: (p.stat().st_mtime, p.name))
    old = files[: max(len(files) - keep, 0)]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def prune(instance: dg.DagsterInstance, settings: Settings) -> Pruned:
    return Pruned(
        runs=prune_dagster_runs(instance, settings.run_retention_days),
        files=prune_newest_kept(settings.data_dir / "logs", NIGHTLY_LOGS, settings.kept_runs),
    )


@dg.sensor(
    minimum_interval_seconds=PRUNE_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Daily: deletes finished Dagster runs older than LAC_RUN_RETENTION_DAYS "
    "and nightly logs beyond LAC_KEPT_RUNS (dagster_project/retention.py).",
)
def prune_old_runs(context: dg.SensorEvaluationContext, lac_settings: LacSettings):
    pruned = prune(context.instance, lac_settings.settings)
    return dg.SkipReason(pruned.summary())
