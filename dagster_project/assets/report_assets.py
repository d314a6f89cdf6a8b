"""The night's report and the team managers' exception lists, after publish.

Belongs here: the Dagster assets that turn the published marts into what
people read. The work itself is in dagster_project/reporting/.
"""

import datetime as dt

import dagster as dg

from dagster_project.assets.council_partitions import night_councils
from dagster_project.assets.publish_assets import published_warehouse
from dagster_project.councils import council_restricted_dir
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

    settings = lac_settings.settings
    councils = night_councils(settings)
    # One report per council; the single layout's is the one it always was.
    reports = {
        council.la_code: build_report(settings, council=council if council.multi else None)
        for council in councils
    }
    for code, report in reports.items():
        if report.pdf_missing:
            context.log.warning(f"council {code}: report.pdf not written: {report.pdf_missing}")
        context.log.info(
            f"council {code}: report for {report.period_end:%B %Y} "
            f"({report.indicators} indicators) in {report.folder}"
        )
    if not councils[0].multi:
        [report] = reports.values()
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
    return dg.MaterializeResult(
        metadata={
            "by_council": dg.MetadataValue.json(
                {
                    code: {
                        "folder": str(report.folder),
                        "as_of_date": report.as_of_date.isoformat(),
                        "period_end": report.period_end.isoformat(),
                        "indicators": report.indicators,
                    }
                    for code, report in reports.items()
                }
            )
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
    councils = night_councils(settings)
    # dbt computed "as known on" this night; with none it used today.
    as_of = raw_history.newest_as_of_date([c.raw_db_path for c in councils]) or dt.date.today()
    results = {
        council.la_code: write_exception_lists(
            settings.build_db_path,
            # the staging views read the pooled raw history dbt read
            settings.pooled_raw_path,
            council_restricted_dir(settings, council),
            as_of,
            [c.raw() for c in councils],
            council.la_code if council.multi else None,
        )
        for council in councils
    }
    # Counts only: a child id never reaches a log or Dagster's metadata.
    for code, result in results.items():
        context.log.info(
            f"council {code}: exception lists: {result.exceptions} exceptions for "
            f"{result.children} children in {result.teams} team workbooks"
        )
    metadata = {
        "teams": sum(r.teams for r in results.values()),
        "children": sum(r.children for r in results.values()),
        "exceptions": sum(r.exceptions for r in results.values()),
    }
    if not councils[0].multi:
        metadata["folder"] = dg.MetadataValue.path(str(settings.restricted_dir / "latest"))
    else:
        metadata["by_council"] = dg.MetadataValue.json(
            {
                code: {"teams": r.teams, "children": r.children, "exceptions": r.exceptions}
                for code, r in results.items()
            }
        )
    return dg.MaterializeResult(metadata=metadata)
