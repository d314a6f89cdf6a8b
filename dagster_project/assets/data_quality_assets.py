"""The nightly data-quality report: the team is told, the people who fix records get a list.

Belongs here: the Dagster shape of the report (one asset after ingest). The
work is in `dagster_project.data_quality` (reading and shaping the findings),
`alerts.messages.data_quality_message` (the Slack summary: counts by source,
table, rule and action, no ids) and `restricted.write_restricted_list` (the
child-level list, owner-only folder).

It depends on every raw table and on `marts/data_quality`, so it runs once
the night's drops are ingested and dbt has repaired what it can, and reports
the newest accepted extract of each source with tonight's repairs. A source
whose drop is rejected, or a failed dbt build, stops everything downstream,
this report included: that night the failure alert is what the team gets.
"""

import datetime as dt
from functools import partial

import dagster as dg
import duckdb

from contract import load_contract
from dagster_project.alerts.messages import data_quality_message, for_council
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.alerts.warning_memory import tell_summary
from dagster_project.assets.council_partitions import night_councils
from dagster_project.assets.ingest_assets import table_key
from dagster_project.councils import Council, council_restricted_dir
from dagster_project.data_quality import (
    RESTRICTED_LIST_NAME,
    dbt_findings,
    finding_counts,
    latest_findings,
    records_to_correct,
    with_dbt_findings,
)
from dagster_project.raw_history import as_of_date, latest_accepted_extract_dates
from dagster_project.resources import LacSettings, RawHistory
from dagster_project.restricted import write_restricted_list
from dagster_project.ssda903.raw_tables import raw_tables as ssda903_raw_tables


def _report_night(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The night the report is for: the figures' as-of date, else the newest of any source."""
    return as_of_date(con) or max(latest_accepted_extract_dates(con).values(), default=None)


@dg.asset(
    key=["data_quality", "nightly_findings"],
    deps=[
        *(table_key(t) for t in load_contract().tables()),
        *(table_key(t) for t in ssda903_raw_tables()),
        dg.AssetKey(["marts", "data_quality"]),
    ],
    group_name="data_quality",
    description=(
        "The gate findings of the newest accepted extract of each source and tonight's dbt "
        "repairs and sequence quarantines: a Slack summary "
        "(counts by source, table, rule and action; no ids) and the restricted list "
        f"`{RESTRICTED_LIST_NAME}` (source file, row, child id, rule, action, column, by rule) "
        "for the people who correct records."
    ),
)
def data_quality_findings(
    context: dg.AssetExecutionContext,
    slack_alerter: SlackAlerter,
    lac_settings: LacSettings,
    raw_history: RawHistory,
) -> dg.MaterializeResult:
    settings = lac_settings.settings
    # Each council's findings from its own raw history, its list in its own
    # folder, its own message (the single layout: exactly one, as before).
    councils = night_councils(settings)
    reports = {
        council.la_code: _council_report(context, slack_alerter, settings, raw_history, council)
        for council in councils
    }
    if not councils[0].multi:
        return dg.MaterializeResult(metadata=reports[councils[0].la_code])
    return dg.MaterializeResult(
        metadata={
            "records": sum(r["records"] for r in reports.values()),
            "restricted_list": RESTRICTED_LIST_NAME,
            "by_council": dg.MetadataValue.json(
                {
                    code: {k: getattr(v, "data", v) for k, v in report.items()}
                    for code, report in reports.items()
                }
            ),
        }
    )


def _council_report(context, slack_alerter, settings, raw_history, council: Council) -> dict:
    la_code = council.la_code if council.multi else None
    with raw_history.connect(path=council.raw_db_path) as con:
        findings = latest_findings(con)
        as_of = _report_night(con)
    findings = with_dbt_findings(findings, dbt_findings(settings.build_db_path, la_code))
    counts = finding_counts(findings)
    if as_of is not None:
        # Written even when empty: the latest list must not show faults
        # that have since been corrected.
        write_restricted_list(
            council_restricted_dir(settings, council),
            as_of,
            RESTRICTED_LIST_NAME,
            records_to_correct(findings),
        )
    message = partial(
        data_quality_message,
        counts,
        as_of=as_of,
        restricted_list=RESTRICTED_LIST_NAME,
        run_id=context.run_id,
        ui_base_url=settings.ui_base_url,
    )
    # Sent when the counts are news, or weekly while they stay the same
    # (remembered per council in the multi layout).
    sent = tell_summary(
        context.instance,
        "data-quality summary" + (f" {la_code}" if la_code else ""),
        counts.to_json(orient="records") if len(counts) else None,
        as_of or dt.date.today(),
        lambda: slack_alerter.send(for_council(message(), la_code), log=context.log),
    )
    if not len(counts):
        context.log.info(
            f"council {council.la_code}: no gate findings in the newest extracts; "
            "no data-quality message"
        )
    return {
        "as_of": as_of.isoformat() if as_of else "none",
        "records": int(counts["records"].sum()) if len(counts) else 0,
        "by_rule": dg.MetadataValue.json(counts.to_dict(orient="records")),
        "restricted_list": RESTRICTED_LIST_NAME,
        "sent_to_slack": sent,
    }
