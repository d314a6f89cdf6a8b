"""Retention on a real Dagster instance: old finished runs go, with their event logs
and compute logs; runs in progress and recent runs stay; old nightly logs go."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dagster as dg

from dagster_project.resources import LacSettings
from dagster_project.retention import prune_dagster_runs, prune_newest_kept, prune_old_runs


@dg.op
def say_hello(context) -> None:
    context.log.info("hello")


@dg.job
def tiny():
    say_hello()


def finished_runs(instance: dg.DagsterInstance, n: int) -> list[str]:
    return [tiny.execute_in_process(instance=instance).run_id for _ in range(n)]


def test_finished_runs_older_than_the_retention_are_deleted_with_their_logs(tmp_path):
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        done = finished_runs(instance, 3)
        running = instance.create_run_for_job(tiny, status=dg.DagsterRunStatus.STARTED).run_id
        event_logs = Path(instance.root_directory) / "history" / "runs"
        assert {f"{run_id}.db" for run_id in done} <= {p.name for p in event_logs.iterdir()}
        assert instance.all_logs(done[0])

        # within the retention: nothing goes
        assert prune_dagster_runs(instance, retention_days=30) == []
        assert len(instance.get_runs()) == 4

        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
        deleted = prune_dagster_runs(instance, retention_days=30, now=later)

        assert sorted(deleted) == sorted(done)
        assert [r.run_id for r in instance.get_runs()] == [running]
        assert instance.get_run_by_id(done[0]) is None
        assert not {f"{run_id}.db" for run_id in done} & {p.name for p in event_logs.iterdir()}


def test_the_newest_logs_are_kept(tmp_path):
    for i in range(5):
        log = tmp_path / f"nightly_2026113{i}T020000Z.log"
        log.write_text("run")
        os.utime(log, (1_000_000 + i, 1_000_000 + i))
    (tmp_path / "notes.txt").write_text("not a run's")
    removed = prune_newest_kept(tmp_path, "nightly_*.log", keep=2)
    assert len(removed) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "nightly_20261133T020000Z.log",
        "nightly_20261134T020000Z.log",
        "notes.txt",
    ]


def test_the_daily_sensor_prunes_through_the_settings(tmp_path):
    logs = tmp_path / "data" / "logs"
    logs.mkdir(parents=True)
    for i in range(3):
        (logs / f"nightly_{i}.log").write_text("run")
    settings = LacSettings(data_dir=str(tmp_path / "data"), kept_runs="1", run_retention_days="0")
    (tmp_path / "home").mkdir()
    with dg.instance_for_test(temp_dir=str(tmp_path / "home")) as instance:
        finished_runs(instance, 2)
        context = dg.build_sensor_context(instance=instance, resources={"lac_settings": settings})
        result = prune_old_runs(context)
        assert "deleted 2 old Dagster run(s) and 2 old log file(s)" in str(result.skip_message)
        assert instance.get_runs() == []
    assert len(list(logs.iterdir())) == 1
