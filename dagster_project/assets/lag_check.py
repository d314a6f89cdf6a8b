"""The recording-lag warning check, run once every source it measures is ingested.

`recording_lag` is a non-blocking check (WARN) on the social care health
assessments: each record type's recording lag against its own trailing
baseline (gates/lag/). It reads and keeps each night's figures in the
raw history (`_lag_figures`).
"""

import dagster as dg

from contract import load_contract
from dagster_project.assets.council_partitions import step_council
from dagster_project.assets.ingest_assets import table_key
from dagster_project.gates.lag import RECORD_TYPES, update_lag_figures
from dagster_project.resources import LacSettings, RawHistory

LAG_CHECK_NAME = "recording_lag"


def build_lag_check() -> dg.AssetChecksDefinition:
    contract = load_contract()
    tables = {(r.source, r.table) for r in RECORD_TYPES}
    keys = [table_key(contract.source(src).table(name)) for src, name in sorted(tables)]
    social = contract.source("social_care").table("health_assessments")

    @dg.asset_check(
        asset=table_key(social),
        name=LAG_CHECK_NAME,
        additional_deps=[k for k in keys if k != table_key(social)],
        blocking=False,
        description="Recording lag (recorded-at minus event date) of health, dental and "
        "initial health assessments, reviews, visits, PEPs and episodes on each new extract: "
        "records in the last 7 days, median and 90th percentile lag, share within 20 working "
        "days. Warns when a record type is abnormal against its own last 56 normal nights; "
        "quiet, saying so, until 14 nights of baseline exist.",
    )
    def _lag_check(
        context: dg.AssetCheckExecutionContext, lac_settings: LacSettings, raw_history: RawHistory
    ) -> dg.AssetCheckResult:
        # read-write: each night's figures are kept in the council's raw history
        # (_lag_figures); the council is the run's partition's.
        council = step_council(context, lac_settings.settings)
        with raw_history.connect(path=council.raw_db_path) as con:
            result = update_lag_figures(con)
        md = result.metadata()
        metadata = {
            "la_code": council.la_code,
            "abnormal_record_types": dg.MetadataValue.json(md["abnormal_record_types"]),
            "record_types_without_baseline": dg.MetadataValue.json(
                md["record_types_without_baseline"]
            ),
            "record_types": dg.MetadataValue.json(md["record_types"]),
            "baseline_rule": md["baseline_rule"],
            "due_working_days": md["due_working_days"],
        }
        return dg.AssetCheckResult(
            passed=result.passed, severity=dg.AssetCheckSeverity.WARN, metadata=metadata
        )

    return _lag_check


LAG_CHECKS = [build_lag_check()]
