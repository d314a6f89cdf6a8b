"""The night's report and the team managers' exception lists, after publish.

Belongs here: the Dagster assets that turn the published marts into what
people read. The work itself is in dagster_project/reporting/.
"""

import datetime as dt

import dagster as dg

from dagster_project.assets.publish_assets import published_warehouse
from dagster_project.dbt_project import single_council
from dagster_project.reporting.exception_lists import write_exception_lists
from dagster_project.resources import LacSettings, RawHistory


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
def monthly_report(
    context: dg.AssetExecutionContext, lac_settings: LacSettings
) -> dg.MaterializeResult:
    # Imported here, not at module level: Altair and vl-convert are needed only
    # when the report is built, not every time the code location loads.
    from dagster_project.reporting.build import build_report

    report = build_report(lac_settings.settings)
    if report.pdf_missing:
        context.log.warning(f"report.pdf not written: {report.pdf_missing}")
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
            "files": sorted(report.files),
        }
    )


@dg.asset(
    key=["restricted", "exception_lists"],
    deps=[published_warehouse],
    group_name="restricted",
    kinds={"excel"},
    description=(
        "Team managers' exception lists: children with overdue or missing health and dental "
        "assessments, visits, PEPs and pathway plans, and care leavers not in touch, by team "
        "and worker. Restricted (owner-only, child ids only) in $LAC_RESTRICTED_DIR."
    ),
)
def exception_lists(
    context: dg.AssetExecutionContext, lac_settings: LacSettings, raw_history: RawHistory
) -> dg.MaterializeResult:
    settings = lac_settings.settings
    result = write_exception_lists(
        settings.build_db_path,
        # the staging views read the pooled raw history dbt read
        settings.pooled_raw_path,
        settings.restricted_dir,
        # dbt computed "as known on" this night; with none it used today.
        raw_history.as_of_date() or dt.date.today(),
        single_council(settings),
    )
    # Counts only: a child id never reaches a log or Dagster's metadata.
    context.log.info(
        f"exception lists: {result.exceptions} exceptions for {result.children} children "
        f"in {result.teams} team workbooks"
    )
    return dg.MaterializeResult(
        metadata={
            "teams": result.teams,
            "children": result.children,
            "exceptions": result.exceptions,
            "folder": dg.MetadataValue.path(str(settings.restricted_dir / "latest")),
        }
    )
