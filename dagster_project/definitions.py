"""The code location: assembles the Definitions from the per-area modules.

Nothing is defined here. Ingest and gates live in assets/ingest_assets.py
(the SSDA903 return's in assets/ssda903_assets.py),
the nightly data-quality report in assets/data_quality_assets.py,
benchmarks in assets/benchmark_assets.py, dbt in assets/dbt_assets.py,
publishing in assets/publish_assets.py, restricted (child-level) lists
in assets/restricted_assets.py, the report in assets/report_assets.py,
the jobs (per council partition, then the warehouse build), the schedule and
the sensor that starts the build in schedules.py, alert sensors in
alerts/sensors.py, and the resources (settings, the raw history) in resources.py.
"""

import dagster as dg

from dagster_project.alerts import SlackAlerter
from dagster_project.alerts.sensors import ALL_SENSORS
from dagster_project.assets.benchmark_assets import BENCHMARK_ASSETS
from dagster_project.assets.data_quality_assets import data_quality_findings
from dagster_project.assets.dbt_assets import warehouse_dbt_assets
from dagster_project.assets.ingest_assets import INGEST_ASSETS
from dagster_project.assets.lag_check import LAG_CHECKS
from dagster_project.assets.landing_checks import LANDING_CHECKS
from dagster_project.assets.publish_assets import published_warehouse
from dagster_project.assets.report_assets import exception_lists, monthly_report
from dagster_project.assets.restricted_assets import RESTRICTED_ASSETS, RESTRICTED_CHECKS
from dagster_project.assets.ssda903_assets import ingest_ssda903
from dagster_project.dbt_project import dbt_resource
from dagster_project.resources import LacSettings, pipeline_resources
from dagster_project.retention import prune_old_runs
from dagster_project.schedules import (
    build_after_councils,
    council_ingest_job,
    nightly_job,
    nightly_schedule,
    warehouse_build_job,
)


def build_definitions(
    lac_settings: LacSettings, slack_alerter: SlackAlerter | None = None
) -> dg.Definitions:
    """The whole code location, configured by `lac_settings`.

    The code location passes the environment's settings; a test passes its
    own folders (and an alerter pointed at the fake Slack) and runs the
    nightly job exactly as the schedule would.
    """
    return dg.Definitions(
        assets=[
            *INGEST_ASSETS,
            ingest_ssda903,
            *BENCHMARK_ASSETS,
            warehouse_dbt_assets,
            published_warehouse,
            data_quality_findings,
            *RESTRICTED_ASSETS,
            monthly_report,
            exception_lists,
        ],
        asset_checks=[*LAG_CHECKS, *LANDING_CHECKS, *RESTRICTED_CHECKS],
        jobs=[nightly_job, council_ingest_job, warehouse_build_job],
        schedules=[nightly_schedule(lac_settings.settings.timezone)],
        sensors=[*ALL_SENSORS, prune_old_runs, build_after_councils],
        resources={
            "dbt": dbt_resource(),
            "slack_alerter": slack_alerter or SlackAlerter.from_settings(),
            **pipeline_resources(lac_settings),
        },
    )


defs = build_definitions(LacSettings.from_environment())
