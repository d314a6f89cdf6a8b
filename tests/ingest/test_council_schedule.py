"""The nightly schedule asks for one run per council; the build waits for all of them.

The schedule is evaluated as the daemon would (a tick at 02:00 with the
settings resource); the build sensor's rule is a function of the night's runs.
"""

from __future__ import annotations

import datetime as dt

import dagster as dg

from dagster_project.assets.council_partitions import COUNCILS_PARTITIONS_NAME
from dagster_project.resources import LacSettings
from dagster_project.schedules import (
    COUNCIL_INGEST_JOB,
    council_run_tags,
    nights_ready,
)

DATE = "2024-03-31"
TICK = dt.datetime(2024, 4, 1, 2, 0, tzinfo=dt.UTC)


def _tick(tmp_path, instance):
    from dagster_project.alerts.slack import SlackAlerter
    from dagster_project.definitions import build_definitions

    settings = LacSettings(data_dir=str(tmp_path / "data"), landing_dir=str(tmp_path / "landing"))
    defs = build_definitions(settings, slack_alerter=SlackAlerter())
    schedule = defs.resolve_schedule_def("nightly_at_2am")
    # As a context manager: the context then lets go of what it set up for
    # the tick (Dagster's current state storage), which would otherwise
    # outlive this test's instance and break the next Definitions built in
    # this process.
    with dg.build_schedule_context(
        instance=instance,
        scheduled_execution_time=TICK,
        resources={"lac_settings": settings},
        repository_def=defs.get_repository_def(),
    ) as context:
        return schedule.evaluate_tick(context).run_requests


def test_the_schedule_adds_the_councils_and_asks_for_one_run_each(tmp_path):
    for code in ("801", "800"):
        (tmp_path / "landing" / code / "social_care" / DATE).mkdir(parents=True)
    with dg.instance_for_test() as instance:
        requests = _tick(tmp_path, instance)
        assert sorted(instance.get_dynamic_partitions(COUNCILS_PARTITIONS_NAME)) == [
            "800",
            "801",
        ]
    assert [r.partition_key for r in requests] == ["800", "801"]
    assert [r.run_key for r in requests] == ["2024-04-01-800", "2024-04-01-801"]
    assert council_run_tags("2024-04-01", "800", 2).items() <= requests[0].tags.items()


def test_the_single_layout_is_one_run_of_its_council(tmp_path):
    (tmp_path / "landing" / "social_care" / DATE).mkdir(parents=True)
    with dg.instance_for_test() as instance:
        [request] = _tick(tmp_path, instance)
    assert request.partition_key == "999"


def test_a_landing_zone_that_cannot_be_read_still_gets_a_run_that_says_why(tmp_path):
    # Both layouts at once: one unpartitioned run, which fails with the reason
    # (step_council), so the failure alert tells the team.
    (tmp_path / "landing" / "social_care" / DATE).mkdir(parents=True)
    (tmp_path / "landing" / "801" / "social_care" / DATE).mkdir(parents=True)
    with dg.instance_for_test() as instance:
        [request] = _tick(tmp_path, instance)
        assert instance.get_dynamic_partitions(COUNCILS_PARTITIONS_NAME) == []
    assert request.partition_key is None


def _run(night: str, code: str, size: int, status: dg.DagsterRunStatus) -> dg.DagsterRun:
    return dg.DagsterRun(
        job_name=COUNCIL_INGEST_JOB,
        run_id=f"{night}-{code}",
        status=status,
        tags=council_run_tags(night, code, size),
    )


def test_the_build_waits_until_every_council_of_the_night_has_finished():
    done, failed, busy = (
        dg.DagsterRunStatus.SUCCESS,
        dg.DagsterRunStatus.FAILURE,
        dg.DagsterRunStatus.STARTED,
    )
    # Night 1: both finished, one failed: the build goes ahead (the other publishes).
    # Night 2: one still running. Night 3: one council's run not even started yet.
    # Night 4: every council failed: nothing new to publish, no build.
    runs = [
        _run("n4", "800", 2, failed),
        _run("n4", "801", 2, failed),
        _run("n1", "800", 2, done),
        _run("n1", "801", 2, failed),
        _run("n2", "800", 2, done),
        _run("n2", "801", 2, busy),
        _run("n3", "800", 2, done),
    ]
    assert nights_ready(runs) == ["n1"]
