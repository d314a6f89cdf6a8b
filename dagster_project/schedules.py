"""The nightly jobs, their schedule, and the sensor that builds once the councils are in.

A night is two steps:

1. `council_ingest`, one run per council partition (assets/council_partitions.py):
   ingest of every source and the 903, the DfE load, the landing and lag
   checks, into that council's own raw history. A bad drop fails only its
   council's run.
2. `warehouse_build`, one unpartitioned run once every council's run of the
   night has finished, if at least one succeeded: dbt over the pooled raw
   history of every council, publish, data quality, the reports and lists. A
   council whose ingest failed keeps its previous figures (its raw history is
   as it was); a night on which every council failed publishes nothing new,
   and the published warehouse stays exactly as it was.

The schedule starts step 1 at 02:00; `build_after_councils` starts step 2.
`python -m dagster_project run` does the same in this process (council_night.py).
The `nightly` job (everything in one run, no partition) stays for the
single-council layout and the tests that run a whole night at once.

Each job uses the in-process executor because DuckDB allows one writer per
file and, on two cores, the multiprocess executor's process start-up doubled
the run time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import dagster as dg

from dagster_project.assets.benchmark_assets import BENCHMARK_ASSETS
from dagster_project.assets.council_partitions import (
    COUNCIL_TAG,
    NIGHT_SIZE_TAG,
    NIGHT_TAG,
    register_councils,
)
from dagster_project.assets.ingest_assets import INGEST_ASSETS
from dagster_project.assets.ssda903_assets import ingest_ssda903
from dagster_project.councils import CouncilRegistryError, find_councils
from dagster_project.ingest.council import CouncilMismatch
from dagster_project.resources import LacSettings

COUNCIL_INGEST_JOB = "council_ingest"
WAREHOUSE_BUILD_JOB = "warehouse_build"

COUNCIL_ASSETS = dg.AssetSelection.assets(*INGEST_ASSETS, ingest_ssda903, *BENCHMARK_ASSETS)

nightly_job = dg.define_asset_job(
    name="nightly",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description=(
        "Ingest the newest extracts, gate them, build the marts, publish, write the report "
        "(one run: the single-council layout)."
    ),
)

council_ingest_job = dg.define_asset_job(
    name=COUNCIL_INGEST_JOB,
    selection=COUNCIL_ASSETS,
    executor_def=dg.in_process_executor,
    description="One council's night (a councils partition): ingest and gate every source, "
    "the 903 and the DfE releases into the council's own raw history.",
)

warehouse_build_job = dg.define_asset_job(
    name=WAREHOUSE_BUILD_JOB,
    selection=dg.AssetSelection.all() - COUNCIL_ASSETS,
    executor_def=dg.in_process_executor,
    description="After the councils' ingest: dbt over every council's raw history, publish, "
    "data quality, the reports and the restricted lists.",
)


def council_run_tags(night: str, la_code: str, councils: int) -> dict[str, str]:
    """The tags of one council's run of a night: the sensor counts them to start the build."""
    return {NIGHT_TAG: night, COUNCIL_TAG: la_code, NIGHT_SIZE_TAG: str(councils)}


def nightly_schedule(timezone: str) -> dg.ScheduleDefinition:
    """One `council_ingest` run per council at 02:00 UK time (timezone: LAC_TIMEZONE).

    02:00: after the source systems' overnight extracts (typically dropped
    around midnight) and before the performance team starts work. The
    councils are read from the landing zone at each tick and added as
    partitions (schedules cannot return partition requests, so the tick
    adds them itself). A landing zone that cannot be read as councils (both
    layouts at once, a bad councils.csv) still gets one run, which fails
    with the reason, so the failure alert tells the team.
    """

    @dg.schedule(
        name="nightly_at_2am",
        job=council_ingest_job,
        cron_schedule="0 2 * * *",
        execution_timezone=timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )
    def _nightly(context: dg.ScheduleEvaluationContext, lac_settings: LacSettings):
        night = context.scheduled_execution_time.date().isoformat()
        try:
            councils = find_councils(lac_settings.settings)
        except (CouncilMismatch, CouncilRegistryError):
            yield dg.RunRequest(run_key=f"{night}-refused", tags={NIGHT_TAG: night})
            return
        register_councils(context.instance, councils)
        for code in councils.codes:
            yield dg.RunRequest(
                run_key=f"{night}-{code}",
                partition_key=code,
                tags=council_run_tags(night, code, len(councils.codes)),
            )

    return _nightly


FINISHED = {
    dg.DagsterRunStatus.SUCCESS,
    dg.DagsterRunStatus.FAILURE,
    dg.DagsterRunStatus.CANCELED,
}
# Nights older than this are not looked at again: a night's build is asked
# for within minutes of its last council finishing; two days covers a
# daemon that was down over a night.
LOOK_BACK = dt.timedelta(days=2)


def nights_ready(runs: list[dg.DagsterRun]) -> list[str]:
    """Nights whose every council run has finished, at least one of them successfully.

    A night on which every council's ingest failed has nothing new to
    publish: no build, so the published warehouse stays exactly as it was
    (as the single run of the `nightly` job leaves it when ingest fails).
    """
    by_night: dict[str, list[dg.DagsterRun]] = defaultdict(list)
    for run in runs:
        night = run.tags.get(NIGHT_TAG)
        if night and run.tags.get(NIGHT_SIZE_TAG, "").isdigit():
            by_night[night].append(run)
    ready = []
    for night, council_runs in sorted(by_night.items()):
        expected = int(council_runs[0].tags[NIGHT_SIZE_TAG])
        councils = {r.tags.get(COUNCIL_TAG) for r in council_runs}
        finished = all(r.status in FINISHED for r in council_runs)
        any_ingested = any(r.status == dg.DagsterRunStatus.SUCCESS for r in council_runs)
        if len(councils) >= expected and finished and any_ingested:
            ready.append(night)
    return ready


@dg.sensor(
    name="build_after_councils",
    job=warehouse_build_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts the night's warehouse build once every council's ingest run of the "
    "night has finished, whether it succeeded or failed: the councils whose drops were "
    "accepted publish, the others keep their previous figures.",
)
def build_after_councils(context: dg.SensorEvaluationContext):
    since = dt.datetime.now(dt.UTC) - LOOK_BACK
    runs = context.instance.get_runs(
        filters=dg.RunsFilter(job_name=COUNCIL_INGEST_JOB, created_after=since)
    )
    ready = nights_ready(list(runs))
    if not ready:
        return dg.SkipReason("no night whose councils have all finished ingest")
    # The run key makes each night's build start once, however often this ticks.
    return [dg.RunRequest(run_key=f"build-{night}", tags={NIGHT_TAG: night}) for night in ready]
