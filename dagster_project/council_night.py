"""One night of every council, in this process: what `python -m dagster_project run` runs.

Belongs here: the night as the schedule and its sensor run it (schedules.py),
without a daemon: the landing zone's councils are added as partitions, each
council's `council_ingest` run goes first (a council whose drop is rejected
fails its own run and no other), then, if any council's ingest succeeded,
one `warehouse_build` run over every council that has a raw history. The
runs are in the Dagster instance, so the UI shows them, and the partitions
view of the ingest assets each council's status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import dagster as dg

from dagster_project.assets.council_partitions import NIGHT_TAG, register_councils
from dagster_project.councils import Councils, find_councils
from dagster_project.schedules import COUNCIL_INGEST_JOB, WAREHOUSE_BUILD_JOB, council_run_tags
from dagster_project.settings import Settings

# How a job is run: (job, instance, partition_key, tags) -> result. The CLI
# passes its quiet runner (console.run_quietly); tests the plain one.
Execute = Callable[
    [dg.JobDefinition, dg.DagsterInstance, str | None, dict[str, str]], dg.ExecuteInProcessResult
]


def execute_plainly(
    job: dg.JobDefinition,
    instance: dg.DagsterInstance,
    partition_key: str | None,
    tags: dict[str, str],
) -> dg.ExecuteInProcessResult:
    return job.execute_in_process(
        instance=instance, partition_key=partition_key, tags=tags, raise_on_error=False
    )


@dataclass
class NightResult:
    """Each council's ingest run and the build run of one night."""

    councils: Councils
    ingest: dict[str, dg.ExecuteInProcessResult] = field(default_factory=dict)
    build: dg.ExecuteInProcessResult | None = None

    @property
    def failed_councils(self) -> list[str]:
        return [code for code, result in self.ingest.items() if not result.success]

    @property
    def success(self) -> bool:
        return not self.failed_councils and self.build is not None and self.build.success

    def runs(self) -> list[dg.ExecuteInProcessResult]:
        return [*self.ingest.values(), *([self.build] if self.build else [])]


def night_id(now: dt.datetime | None = None) -> str:
    """A night run by hand is tagged with the time it started (UTC), to the second."""
    return (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


def run_council_night(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    settings: Settings,
    execute: Execute = execute_plainly,
    before_council: Callable[[str], None] | None = None,
) -> NightResult:
    """Every council's ingest (its own partition), then the build over them all.

    Raises `CouncilMismatch` or `CouncilRegistryError` (councils.py) before
    any run when the landing zone cannot be read as councils.
    """
    councils = find_councils(settings)
    register_councils(instance, councils)
    night = night_id()
    result = NightResult(councils)
    ingest_job = defs.resolve_job_def(COUNCIL_INGEST_JOB)
    for code in councils.codes:
        if before_council is not None:
            before_council(code)
        tags = council_run_tags(night, code, len(councils.codes))
        result.ingest[code] = execute(ingest_job, instance, code, tags)
    if not any(r.success for r in result.ingest.values()):
        # Nothing new to publish: the published warehouse stays exactly as
        # it was, as the schedule's sensor leaves it (schedules.nights_ready).
        return result
    if before_council is not None:
        before_council("")
    build_job = defs.resolve_job_def(WAREHOUSE_BUILD_JOB)
    result.build = execute(build_job, instance, None, {NIGHT_TAG: night})
    return result
