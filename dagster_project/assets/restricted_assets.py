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

from dagster_project.alerts.reconciliation_message import health_reconciliation_message
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.alerts.warning_memory import tell_summary
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
    # dbt computed "as known on" this night; with none it used today.
    as_of = raw_history.as_of_date() or dt.date.today()
    con = connect_read_only(settings.build_db_path)
    try:
        frame = exception_list(con)
        gaps = gap_findings(con, settings.reconciliation_gap_warn_points)
    finally:
        con.close()
    path = write_restricted_list(settings.restricted_dir, as_of, RESTRICTED_LIST_NAME, frame)
    counts = exception_counts(frame)
    context.log.info(f"wrote {len(frame):,} rows to the restricted folder")
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
        "health reconciliation summary",
        json.dumps([counts, gaps.metadata()["gap_by_type"]], sort_keys=True, default=str),
        as_of,
        lambda: slack_alerter.send(message, log=context.log),
    )
    return dg.MaterializeResult(
        metadata={
            "rows": len(frame),
            "as_of_date": as_of.isoformat(),
            "counts_by_type": dg.MetadataValue.json(counts),
            "folder": dg.MetadataValue.path(str(path.parent)),
        }
    )


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
    con = connect_read_only(settings.build_db_path)
    try:
        findings = gap_findings(con, settings.reconciliation_gap_warn_points)
    finally:
        con.close()
    metadata = findings.metadata()
    metadata["gap_by_type"] = dg.MetadataValue.json(metadata["gap_by_type"])
    return dg.AssetCheckResult(
        passed=findings.passed, severity=dg.AssetCheckSeverity.WARN, metadata=metadata
    )


RESTRICTED_ASSETS = [health_reconciliation_exceptions]
RESTRICTED_CHECKS = [reconciliation_gap_within_tolerance]
