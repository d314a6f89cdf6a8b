"""Landing-zone checks: one warning check per source on what ingest did not read.

Belongs here: the Dagster shape of `ingest.landing.landing_report`. Each
source's main raw table carries a non-blocking check `landing_zone_<source>`
that warns when its landing folder holds something ingest leaves alone (a
misnamed folder, an out-of-order drop, files changed after acceptance, a link
out of the landing zone). A warning never stops the night: the drops that
are there were read; this says what was not, so the alerts can say it too.
Findings name sources, dates and contract files only, never a folder's name.
"""

import dagster as dg

from contract import Source, load_contract
from dagster_project.assets.council_partitions import step_council
from dagster_project.assets.ingest_assets import table_key
from dagster_project.ingest.landing import landing_report
from dagster_project.resources import LacSettings, RawHistory


def landing_check_name(source: Source) -> str:
    return f"landing_zone_{source.name}"


def build_landing_check(source: Source) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=table_key(source.tables[0]),
        name=landing_check_name(source),
        blocking=False,
        description=f"What the {source.name} landing folder holds that ingest does not read: "
        "folders not named YYYY-MM-DD, drops older than the newest logged extract, accepted "
        "drops whose files changed since, links out of the landing zone (refused). Warns; "
        "never blocks.",
    )
    def _landing_check(
        context: dg.AssetCheckExecutionContext, lac_settings: LacSettings, raw_history: RawHistory
    ) -> dg.AssetCheckResult:
        # The council of the run's partition: its own landing folder and raw history.
        council = step_council(context, lac_settings.settings)
        with raw_history.connect(path=council.raw_db_path) as con:
            findings = landing_report(council.landing_dir, con, source.name)
        for finding in findings:
            context.log.warning(finding)
        return dg.AssetCheckResult(
            passed=not findings,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "source": source.name,
                "la_code": council.la_code,
                "findings": dg.MetadataValue.json(findings),
                "finding_count": len(findings),
            },
        )

    return _landing_check


LANDING_CHECKS = [build_landing_check(s) for s in load_contract().sources]
