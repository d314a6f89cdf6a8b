"""The SSDA903 ingest asset: one asset per 903 table, gated by the DfE rules.

Belongs here: the Dagster shape of the 903's ingest (`ingest.ssda903_nightly`),
as `assets/ingest_assets.py` is for the contract sources:

- Asset keys `raw/ssda903/<table>`, group `raw_ssda903`, kind duckdb: the keys
  the dbt translator gives a dbt source `ssda903`, so staging hangs off them.
- One `multi_asset` (`can_subset=False`): a return is accepted or rejected
  whole. Its blocking check `ssda903_dfe_rules` (on `raw/ssda903/header`) is
  the DfE rules' verdict, evaluated in the body before anything is written:
  rows a `quarantine` rule fails are dropped (recorded in `_quarantine`),
  `warning` findings pass; a return that cannot be read, or loses more than
  2% of a table's rows, is rejected: the check fails and `dg.Failure` stops
  everything downstream, as for any source.
- The child-level findings go to the restricted folder only
  (`ssda903_validation_findings.csv`, by extract date); logs and metadata
  carry rule numbers and counts, never a child, a row or a value.
- No new drop passes, as for the contract sources; a council that never
  sends a 903 sees the tables empty and the check passing with "no new drop".
"""

import dagster as dg
import pandas as pd

from dagster_project.assets.council_partitions import councils_partitions, step_council
from dagster_project.councils import council_restricted_dir
from dagster_project.ingest.council import CouncilMismatch
from dagster_project.ingest.ssda903_drop import Ssda903Outcome, restricted_findings
from dagster_project.ingest.ssda903_nightly import ingest_waiting_ssda903
from dagster_project.raw_history import latest_accepted_extract_dates
from dagster_project.resources import LacSettings, RawHistory
from dagster_project.restricted import write_restricted_list
from dagster_project.ssda903.raw_tables import SOURCE, raw_tables
from dagster_project.ssda903.rules.runner import counts_by_rule

CHECK_NAME = "ssda903_dfe_rules"
RESTRICTED_LIST = "ssda903_validation_findings"


def table_key(name: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", SOURCE, name])


def rule_counts(findings: pd.DataFrame | None) -> list[dict]:
    """Findings by rule, year and severity: rule numbers and counts only."""
    if findings is None or findings.empty:
        return []
    counts = counts_by_rule(findings)
    return [
        {
            "rule": str(r.rule),
            "collection_year": int(r.collection_year),
            "severity": str(r.severity),
            "table": str(r.table),
            "rows": int(r.failing_rows),
        }
        for r in counts.itertuples(index=False)
    ]


def _metadata(outcome: Ssda903Outcome, outcomes: list[Ssda903Outcome]) -> dict:
    return {
        "source": SOURCE,
        "status": outcome.status,
        "extract_date": outcome.extract_date.isoformat(),
        "extract_dates_ingested": dg.MetadataValue.json(
            [o.extract_date.isoformat() for o in outcomes if o.accepted]
        ),
        "tables": dg.MetadataValue.json(
            {
                name: {
                    "rows_read": t.rows_read,
                    "rows_accepted": t.rows_accepted,
                    "rows_dropped": t.rows_dropped,
                }
                for name, t in outcome.tables.items()
            }
        ),
        "failed_rules": dg.MetadataValue.json(rule_counts(outcome.findings)),
        "reason": outcome.reason or "",
        "seconds": round(outcome.seconds, 3),
    }


def _log_findings(context, outcome: Ssda903Outcome) -> None:
    counts = rule_counts(outcome.findings)
    if not counts:
        return
    listed = ", ".join(f"{c['rule']}: {c['rows']} ({c['severity']})" for c in counts)
    done = "were dropped" if outcome.accepted else "would have been dropped"
    context.log.warning(
        f"{SOURCE} drop {outcome.extract_date}: DfE rule findings by rule: {listed}; rows of "
        f"quarantine rules {done}. The child-level list is in the restricted folder "
        f"({RESTRICTED_LIST}.csv)"
    )


@dg.multi_asset(
    name=f"ingest_{SOURCE}",
    specs=[
        dg.AssetSpec(
            key=table_key(t.name),
            group_name=f"raw_{SOURCE}",
            kinds={"duckdb"},
            description=f"{t.description} Raw history table `{t.qualified_name}`: every "
            "accepted 903 extract, keyed by _extract_date and COLLECTION_YEAR.",
            metadata={"contract_key": ", ".join(t.key)},
        )
        for t in raw_tables()
    ],
    check_specs=[
        dg.AssetCheckSpec(
            name=CHECK_NAME,
            asset=table_key("header"),
            blocking=True,
            description="The DfE 903 validation rules (dagster_project/ssda903/rules, listed "
            "in docs/ssda903.md), year by year with each year's code lists. Rows a "
            "quarantine rule fails are dropped and recorded in _quarantine; warnings pass and "
            "are counted in ssda903_validation_findings. A return that cannot be read, or "
            "loses more than 2% of a table's rows, is rejected and blocks everything "
            "downstream.",
        )
    ],
    can_subset=False,
    partitions_def=councils_partitions,
    description="Ingest waiting SSDA903 drops (landing/ssda903/<date>/: the DfE CSV tables or "
    "the XML return, optionally one folder per collection year).",
)
def ingest_ssda903(
    context: dg.AssetExecutionContext, lac_settings: LacSettings, raw_history: RawHistory
):
    settings = lac_settings.settings
    council = step_council(context, settings)
    restricted_dir = council_restricted_dir(settings, council)
    with raw_history.connect(path=council.raw_db_path) as con:
        try:
            outcomes = ingest_waiting_ssda903(
                con, council.landing_dir, context.log, la_code=council.la_code
            )
        except CouncilMismatch as error:
            raise dg.Failure(description=str(error)) from None
        latest = latest_accepted_extract_dates(con).get(SOURCE)
    for outcome in outcomes:
        for warning in outcome.warnings:
            context.log.warning(warning)
        if outcome.status == "no_change":
            context.log.warning(f"{SOURCE} drop {outcome.extract_date}: {outcome.reason}")
        # A rejected return's findings are listed too: they say what to correct.
        # Written even when empty: the latest list must not show faults since corrected.
        _log_findings(context, outcome)
        if outcome.findings is not None:
            write_restricted_list(
                restricted_dir,
                outcome.extract_date,
                RESTRICTED_LIST,
                restricted_findings(outcome.findings),
            )
    outcomes = [o for o in outcomes if o.status != "no_change"]

    if not outcomes:
        context.log.info(f"{SOURCE}: no new drop in {council.landing_dir}")
        md = {
            "source": SOURCE,
            "status": "no new drop",
            "latest_accepted_extract": latest.isoformat() if latest else "none",
            "failed_rules": dg.MetadataValue.json([]),
        }
        yield dg.AssetCheckResult(
            asset_key=table_key("header"), check_name=CHECK_NAME, passed=True, metadata=md
        )
        for t in raw_tables():
            yield dg.MaterializeResult(asset_key=table_key(t.name), metadata=md)
        return

    last = outcomes[-1]
    yield dg.AssetCheckResult(
        asset_key=table_key("header"),
        check_name=CHECK_NAME,
        passed=last.accepted,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata=_metadata(last, outcomes),
    )
    if not last.accepted:
        for earlier in outcomes[:-1]:
            for t in raw_tables():
                yield dg.AssetMaterialization(
                    asset_key=table_key(t.name), metadata=_metadata(earlier, outcomes)
                )
        raise dg.Failure(
            description=f"{SOURCE} drop {last.extract_date} of council {council.la_code} "
            f"rejected, nothing written: {last.reason}",
            metadata={
                "source": SOURCE,
                "la_code": council.la_code,
                "extract_date": last.extract_date.isoformat(),
                "reason": last.reason or "",
            },
        )
    for t in raw_tables():
        yield dg.MaterializeResult(asset_key=table_key(t.name), metadata=_metadata(last, outcomes))
