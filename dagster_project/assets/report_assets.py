"""The night's report and the team managers' exception lists, after publish.

Belongs here: the Dagster assets that turn the published marts into what
people read. The work itself is in dagster_project/reporting/.
"""

import dagster as dg

from dagster_project.assets.publish_assets import published_warehouse
from dagster_project.reporting.build import build_report
from dagster_project.settings import load_settings


@dg.asset(
    key=["reports", "monthly_report"],
    deps=[published_warehouse],
    group_name="publish",
    kinds={"html", "pdf", "excel"},
    description=(
        "The monthly performance report for the Corporate Parenting Panel (report.html, "
        "report.xlsx, report.pdf) in data/reports/<as-of date>/, with latest/ swapped atomically."
    ),
)
def monthly_report(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    settings = load_settings()
    report = build_report(settings)
    context.log.info(
        f"report for {report.period_end:%B %Y} ({report.indicators} indicators) in {report.folder}"
    )
    return dg.MaterializeResult(
        metadata={
            "folder": dg.MetadataValue.path(str(report.folder)),
            "latest": dg.MetadataValue.path(str(report.latest)),
            "as_of_date": report.as_of_date.isoformat(),
            "period_end": report.period_end.isoformat(),
            "indicators": report.indicators,
        }
    )
