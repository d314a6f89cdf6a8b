"""Restricted outputs of the night, and the health reconciliation gap check.

Belongs here: assets that write child-level lists to the restricted folder
(`restricted.py`, owner-only, never published or exported) after the dbt
build, and checks on the aggregates those lists come with.

- `restricted/health_reconciliation_exceptions`: every assessment on the
  health team's register and not in the case system more than 20 working
  days after it took place, and the reverse, with the child's source id and
  allocated team and worker, for team managers to correct. It then posts the
  counts per assessment type (never a child) to Slack.
- `reconciliation_gap_within_tolerance` on `marts/health_reconciliation`: a
  warning check that fails when the register's and the case system's
  up-to-date figures are more than LAC_RECONCILIATION_GAP_WARN_POINTS apart
  in the latest month whose recording window has closed. The
  `slack_on_check_warnings` sensor tells Slack when it fails.
"""

import datetime as dt
import json

import dagster as dg

from dagster_project.alerts.messages import for_council
from dagster_project.alerts.reconciliation_message import health_reconciliation_message
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.alerts.warning_memory import tell_summary
from dagster_project.assets.council_partitions import night_councils
from dagster_project.councils import council_restricted_dir
from dagster_project.health_reconciliation import (
    RESTRICTED_LIST_NAME,
    connect_read_only,
    exception_counts,
    exception_list,
    gap_findings,
)
from dagster_project.resources import LacSettings, RawHistory
from dagster_project.restricted import write_restricted_list

EXCEPTIONS_MODEL_KEY = dg.AssetKey(["intermediate", "int_health_reconciliation_exceptions"])
RECONCILIATION_MART_KEY = dg.AssetKey(["marts", "health_reconciliation"])
GAP_CHECK_NAME = "reconciliation_gap_within_tolerance"


@dg.asset(
    key=["restricted", RESTRICTED_LIST_NAME],
    deps=[EXCEPTIONS_MODEL_KEY, RECONCILIATION_MART_KEY],
    group_name="restricted",
    kinds={"csv"},
    description=(
        "RESTRICTED child-level list for team managers: assessments on the health team's "
        "register and not in the case system after 20 working days, and the reverse. "
        "Written owner-only to $LAC_RESTRICTED_DIR/<as-of date>/ and latest/; never "
        "published or exported. Slack gets counts per assessment type only."
    ),
)
def health_reconciliation_exceptions(
    context: dg.AssetExecutionContext,
    slack_alerter: SlackAlerter,
    lac_settings: LacSettings,
    raw_history: RawHistory,
) -> dg.MaterializeResult:
    settings = lac_settings.settings
    councils = night_councils(settings)
    # dbt computed "as known on" this night; with none it used today.
    as_of = raw_history.newest_as_of_date([c.raw_db_path for c in councils]) or dt.date.today()
    con = connect_read_only(settings.build_db_path)
    try:
        # Each council's list and counts; the single layout's is the whole build's.
        found = {
            council: (
                exception_list(con, council.la_code if council.multi else None),
                gap_findings(
                    con,
                    settings.reconciliation_gap_warn_points,
                    council.la_code if council.multi else None,
                ),
            )
            for council in councils
        }
    finally:
        con.close()
    metadata_by_council = {}
    for council, (frame, gaps) in found.items():
        la_code = council.la_code if council.multi else None
        folder = council_restricted_dir(settings, council)
        path = write_restricted_list(folder, as_of, RESTRICTED_LIST_NAME, frame)
        counts = exception_counts(frame)
        context.log.info(
            f"council {council.la_code}: wrote {len(frame):,} rows to the restricted folder"
        )
        message = health_reconciliation_message(
            as_of_date=as_of,
            counts=counts,
            gaps=gaps,
            run_id=context.run_id,
            ui_base_url=settings.ui_base_url,
        )
        # Sent when the counts or gaps are news, or weekly while they stay the same.
        tell_summary(
            context.instance,
            "health reconciliation summary" + (f" {la_code}" if la_code else ""),
            json.dumps([counts, gaps.metadata()["gap_by_type"]], sort_keys=True, default=str),
            as_of,
            lambda message=message, la_code=la_code: slack_alerter.send(
                for_council(message, la_code), log=context.log
            ),
        )
        metadata_by_council[council.la_code] = {
            "rows": len(frame),
            "counts_by_type": counts,
            "folder": str(path.parent),
        }
    if len(councils) == 1 and not councils[0].multi:
        [only] = metadata_by_council.values()
        metadata = {
            "rows": only["rows"],
            "counts_by_type": dg.MetadataValue.json(only["counts_by_type"]),
            "folder": dg.MetadataValue.path(only["folder"]),
        }
    else:
        metadata = {
            "rows": sum(m["rows"] for m in metadata_by_council.values()),
            "by_council": dg.MetadataValue.json(metadata_by_council),
        }
    return dg.MaterializeResult(metadata={**metadata, "as_of_date": as_of.isoformat()})


@dg.asset_check(
    asset=RECONCILIATION_MART_KEY,
    name=GAP_CHECK_NAME,
    blocking=False,
    description=(
        "Warns when the health team's register and the case system give up-to-date figures "
        "more than LAC_RECONCILIATION_GAP_WARN_POINTS (default 12, the papers' 93% against "
        "81%) apart, in the latest month whose 20 working days of recording have passed."
    ),
)
def reconciliation_gap_within_tolerance(
    context: dg.AssetCheckExecutionContext, lac_settings: LacSettings
) -> dg.AssetCheckResult:
    settings = lac_settings.settings
    councils = night_councils(settings)
    con = connect_read_only(settings.build_db_path)
    try:
        findings = {
            council.la_code: gap_findings(
                con,
                settings.reconciliation_gap_warn_points,
                council.la_code if council.multi else None,
            )
            for council in councils
        }
    finally:
        con.close()
    if not councils[0].multi:
        [only] = findings.values()
        metadata = only.metadata()
        metadata["gap_by_type"] = dg.MetadataValue.json(metadata["gap_by_type"])
        return dg.AssetCheckResult(
            passed=only.passed, severity=dg.AssetCheckSeverity.WARN, metadata=metadata
        )
    # Several councils: fails when any council's gap is over the threshold, and names them.
    over = sorted(code for code, found in findings.items() if not found.passed)
    return dg.AssetCheckResult(
        passed=not over,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "councils_over_threshold": dg.MetadataValue.json(over),
            "by_council": dg.MetadataValue.json(
                {code: found.metadata() for code, found in findings.items()}
            ),
        },
    )


RESTRICTED_ASSETS = [health_reconciliation_exceptions]
RESTRICTED_CHECKS = [reconciliation_gap_within_tolerance]
