"""The nightly job and its schedule.

One job runs everything: ingest, gates, benchmarks, dbt, publish, the report. It uses the
in-process executor because DuckDB allows one writer per file and, on two
cores, the multiprocess executor's process start-up doubled the run time.
"""

from __future__ import annotations

import dagster as dg

nightly_job = dg.define_asset_job(
    name="nightly",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description=(
        "Ingest the newest extracts, gate them, build the marts, publish, write the report."
    ),
)


def nightly_schedule(timezone: str) -> dg.ScheduleDefinition:
    """The job at 02:00 UK time (timezone: the setting, LAC_TIMEZONE).

    02:00: after the source systems' overnight extracts (typically dropped
    around midnight) and before the performance team starts work. A function
    of the timezone, as the schedule is built with the code location's
    settings (definitions.py), not by reading the environment here.
    """
    return dg.ScheduleDefinition(
        name="nightly_at_2am",
        job=nightly_job,
        cron_schedule="0 2 * * *",
        execution_timezone=timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )
