"""Ingest assets: one multi-asset per source, one asset per contract table.

Belongs here: the Dagster shape of ingest (asset keys, groups, blocking GX
checks, the recording-lag warning check) and the metadata each run shows.
The work itself is in `dagster_project.ingest` and `dagster_project.gates`.

- Asset keys `raw/<source>/<table>`, group `raw_<source>`, kind duckdb: the
  same keys the dbt translator gives the dbt sources, so staging models hang
  off them.
- A drop is accepted or rejected whole per source, so each source is one
  `multi_asset` (`can_subset=False`) with a blocking check
  `gx_<source>__<table>` per table, named after its GX suite. The checks are
  evaluated inside the asset body, before anything is written.
- On a rejected drop the body yields the check results (the failing one with
  source, table, file, failed_rules, counts) and then raises `dg.Failure`:
  no materialisation is recorded (nothing was written) and Dagster does not
  run anything downstream. Tested on Dagster 1.13: yielding a failed blocking
  check *and* the materialisations also stops downstream (the step fails with
  DagsterAssetCheckFailedError) but records materialisations for a drop that
  wrote nothing, which would mislead whoever reads the asset's history.
- Several drops waiting: each is ingested oldest first, and a rejected one
  does not hold up a newer one (ingest moves on). When the run's last drop
  is accepted, a table an older drop of the run was rejected on gets a
  failed check of WARN severity (the rejection, with `newer_drop_accepted`),
  which tells the team without blocking the newer drop.
- No new drop is not a failure: the checks pass with status "no new drop",
  the assets report the newest accepted extract, and dbt runs on what is
  there.
- The recording-lag warning check on these assets is in assets/lag_check.py.
- Partitioned by council (assets/council_partitions.py): each partition
  reads its council's landing folder into its council's own raw history, so
  a rejected drop fails only that council's partition.
"""

import dagster as dg

from contract import Source, Table, load_contract
from dagster_project.assets.council_partitions import councils_partitions, step_council
from dagster_project.ingest.council import CouncilMismatch
from dagster_project.ingest.nightly import ingest_waiting
from dagster_project.ingest.pipeline import DropOutcome, TableOutcome
from dagster_project.ingest.volume import VolumeTolerance
from dagster_project.raw_history import latest_accepted_extract_dates
from dagster_project.resources import LacSettings, RawHistory


def table_key(table: Table) -> dg.AssetKey:
    return dg.AssetKey(["raw", table.source, table.name])


def check_name(table: Table) -> str:
    """The blocking gate's name: `gx_` + the GX suite name."""
    return f"gx_{table.qualified_name}"


def _table_metadata(out: TableOutcome, drop: DropOutcome, drops: list[DropOutcome]) -> dict:
    """Metadata for a table's check and materialisation: counts, never values."""
    return {
        "source": out.source,
        "table": out.table,
        "file": out.file,
        "status": out.status,
        "extract_date": drop.extract_date.isoformat(),
        "extract_dates_ingested": dg.MetadataValue.json(
            [d.extract_date.isoformat() for d in drops if d.accepted]
        ),
        "sha256": out.sha256 or "",
        "rows_read": out.rows_read,
        "rows_accepted": out.rows_accepted,
        "rows_quarantined": out.rows_quarantined,
        "fields_nulled": out.fields_nulled,
        "failed_rules": dg.MetadataValue.json(out.failed_rules),
        "reason": out.reason or "",
        "warnings": dg.MetadataValue.json(out.warnings),
        "recording_lag": dg.MetadataValue.json(out.recording_lag),
        "gate_seconds": out.gate_seconds,
        "rows_validated": out.rows_validated,
    }


def _table_passed(out: TableOutcome) -> bool:
    # A table that met its suite but was not written because a sibling table
    # failed still passes its own check: the alert then names only the table
    # that is wrong, and the step failure says the whole drop was rejected.
    return out.status != "rejected"


def _rejections_before(outcomes: list[DropOutcome]) -> dict[str, DropOutcome]:
    """Table -> the newest drop before the run's last that rejected it."""
    found: dict[str, DropOutcome] = {}
    for drop in outcomes[:-1]:
        for name, out in drop.tables.items():
            if out.status == "rejected":
                found[name] = drop
    return found


def build_ingest_asset(source: Source) -> dg.AssetsDefinition:
    """The multi-asset that ingests every waiting drop of `source`."""
    tables = list(source.tables)
    specs = [
        dg.AssetSpec(
            key=table_key(t),
            group_name=f"raw_{source.name}",
            kinds={"duckdb"},
            description=f"{t.description} Raw history table `{t.qualified_name}`: every "
            f"accepted extract of {t.file}"
            + (f" (sheet {t.sheet})" if t.sheet else "")
            + ", keyed by _extract_date.",
            metadata={"file": t.file, "contract_key": ", ".join(t.key)},
        )
        for t in tables
    ]
    check_specs = [
        dg.AssetCheckSpec(
            name=check_name(t),
            asset=table_key(t),
            blocking=True,
            description=f"GX suite expectations/{t.qualified_name}.json: columns, mandatory "
            "values, codes, dates, keys. Row faults are quarantined, the smallest thing: a "
            "field no indicator needs is nulled, a row is dropped only when a field that "
            "identifies it or an indicator needs is unusable; a structural fault or too many "
            "dropped rows rejects the drop and blocks everything downstream.",
        )
        for t in tables
    ]

    @dg.multi_asset(
        name=f"ingest_{source.name}",
        specs=specs,
        check_specs=check_specs,
        can_subset=False,
        partitions_def=councils_partitions,
        description=f"Ingest waiting {source.name} drops from the landing zone. "
        + source.description,
    )
    def _ingest(
        context: dg.AssetExecutionContext, lac_settings: LacSettings, raw_history: RawHistory
    ):
        council = step_council(context, lac_settings.settings)
        landing_dir = council.landing_dir
        with raw_history.connect(path=council.raw_db_path) as con:
            try:
                outcomes = ingest_waiting(
                    con,
                    landing_dir,
                    source.name,
                    context.log,
                    VolumeTolerance.from_settings(lac_settings.settings),
                    la_code=council.la_code,
                )
            except CouncilMismatch as error:
                raise dg.Failure(description=str(error)) from None
            latest = latest_accepted_extract_dates(con).get(source.name)
        for same in (o for o in outcomes if o.status == "no_change"):
            context.log.warning(f"{source.name} drop {same.extract_date}: {same.reason}")
        outcomes = [o for o in outcomes if o.status != "no_change"]

        if not outcomes:
            context.log.info(f"{source.name}: no new drop in {landing_dir}")
            for t in tables:
                md = {
                    "source": source.name,
                    "table": t.name,
                    "status": "no new drop",
                    "latest_accepted_extract": latest.isoformat() if latest else "none",
                    "rows_read": 0,
                    "rows_quarantined": 0,
                    "failed_rules": dg.MetadataValue.json([]),
                }
                yield dg.AssetCheckResult(
                    asset_key=table_key(t), check_name=check_name(t), passed=True, metadata=md
                )
                yield dg.MaterializeResult(asset_key=table_key(t), metadata=md)
            return

        last = outcomes[-1]
        earlier_rejections = _rejections_before(outcomes)
        for t in tables:
            out = last.tables[t.name]
            moved_on = last.accepted and earlier_rejections.get(t.name)
            if moved_on:
                # An older drop of this run was rejected on this table and a
                # newer one accepted: the rejection is told (a failed check),
                # as a warning, so it does not block the newer drop.
                rejected_drop = moved_on
                md = {
                    **_table_metadata(rejected_drop.tables[t.name], rejected_drop, outcomes),
                    "newer_drop_accepted": last.extract_date.isoformat(),
                }
                yield dg.AssetCheckResult(
                    asset_key=table_key(t),
                    check_name=check_name(t),
                    passed=False,
                    severity=dg.AssetCheckSeverity.WARN,
                    metadata=md,
                )
                continue
            if not last.accepted and not (out.validated or out.status == "rejected"):
                # Not judged (a sibling file was structurally broken, so the
                # gates did not run): no check result rather than a pass.
                continue
            md = _table_metadata(out, last, outcomes)
            for warning in out.warnings:
                context.log.warning(warning)
            if (out.rows_quarantined or out.fields_nulled) and last.accepted:
                rules = ", ".join(
                    f"{f['rule']} on {f['column']}: {f['rows']} ({f.get('action')})"
                    for f in out.failed_rules
                )
                context.log.warning(
                    f"{out.file}: {out.rows_quarantined} of {out.rows_read} rows dropped, "
                    f"{out.fields_nulled} field(s) nulled in rows kept ({rules}); "
                    "see _quarantine for rows (`make inspect` gives a private copy to query)"
                )
            yield dg.AssetCheckResult(
                asset_key=table_key(t),
                check_name=check_name(t),
                passed=_table_passed(out),
                severity=dg.AssetCheckSeverity.ERROR,
                metadata=md,
            )
        if not last.accepted:
            # Earlier drops of this run that were accepted are in the raw
            # history: record them, so the asset's history says so.
            for earlier in (o for o in outcomes[:-1] if o.accepted):
                for t in tables:
                    yield dg.AssetMaterialization(
                        asset_key=table_key(t),
                        metadata=_table_metadata(earlier.tables[t.name], earlier, outcomes),
                    )
            also = [o.extract_date.isoformat() for o in outcomes[:-1] if o.status == "rejected"]
            raise dg.Failure(
                description=f"{source.name} drop {last.extract_date} of council "
                f"{council.la_code} rejected, nothing written: "
                f"{last.reason}"
                + (f" (also rejected in this run: drop {', '.join(also)})" if also else ""),
                metadata={
                    "source": source.name,
                    "la_code": council.la_code,
                    "extract_date": last.extract_date.isoformat(),
                    "reason": last.reason or "",
                },
            )
        for t in tables:
            out = last.tables[t.name]
            md = _table_metadata(out, last, outcomes)
            yield dg.MaterializeResult(asset_key=table_key(t), metadata=md)

    return _ingest


def build_ingest_assets() -> list[dg.AssetsDefinition]:
    return [build_ingest_asset(s) for s in load_contract().sources]


INGEST_ASSETS = build_ingest_assets()
