"""The nightly job and its schedule.

One job runs everything: ingest, gates, benchmarks, dbt, publish, the report. It uses the
in-process executor because DuckDB allows one writer per file and, on two
cores, the multiprocess executor's process start-up doubled the run time.
"""

from __future__ import annotations

import dagster as dg

from dagster_project.settings import load_settings

nightly_job = dg.define_asset_job(
    name="nightly",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description=(
        "Ingest the newest extracts, gate them, build the marts, publish, write the report."
    ),
)

# 02:00 UK time: after the source systems' overnight extracts (typically
# dropped around midnight) and before the performance team starts work.
nightly_schedule = dg.ScheduleDefinition(
    name="nightly_at_2am",
    job=nightly_job,
    cron_schedule="0 2 * * *",
    execution_timezone=load_settings().timezone,
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
