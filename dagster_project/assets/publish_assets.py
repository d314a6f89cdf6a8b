"""The published warehouse: the last step of the nightly run.

It depends on every dbt asset, so it only runs once every model has built and
every dbt test has passed; a failure anywhere upstream leaves yesterday's
published file exactly as it was.
"""

import dagster as dg

from dagster_project.assets.council_partitions import night_councils
from dagster_project.assets.dbt_assets import warehouse_dbt_assets
from dagster_project.indicator_history import record_published_values
from dagster_project.publish import publish_marts
from dagster_project.resources import LacSettings, RawHistory


@dg.asset(
    key=["warehouse", "published"],
    deps=list(warehouse_dbt_assets.keys),
    group_name="publish",
    kinds={"duckdb"},
    description=(
        "warehouse.duckdb for BI tools: the marts schema only (aggregate figures), "
        "plus Parquet/CSV exports, written to the run's own folder and switched in "
        "together by one atomic `runs/latest` link; tonight's indicator "
        "values appended to the indicator history in the raw history file."
    ),
)
def published_warehouse(
    context: dg.AssetExecutionContext, lac_settings: LacSettings, raw_history: RawHistory
) -> dg.MaterializeResult:
    settings = lac_settings.settings
    councils = night_councils(settings)
    as_of = raw_history.newest_as_of_date([c.raw_db_path for c in councils])
    as_of_date = as_of.isoformat() if as_of else None
    result = publish_marts(
        build_db=settings.build_db_path,
        warehouse_path=settings.warehouse_path,
        run_id=context.run_id,
        as_of_date=as_of_date,
        export_dir=settings.export_dir,
        kept_runs=settings.kept_runs,
    )
    context.log.info(f"published {len(result.tables)} mart tables to {result.warehouse_path}")
    # Tonight's figures join the history only once they are published: each
    # council's into its own raw history.
    kept_by_council = {
        c.la_code: record_published_values(
            c.raw_db_path, settings.build_db_path, context.run_id, c.la_code
        )
        for c in councils
    }
    kept = sum(kept_by_council.values())
    context.log.info(f"kept {kept} indicator values of tonight in the indicator history")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(result.warehouse_path)),
            "as_of_date": as_of_date or "",
            "run_folder": dg.MetadataValue.path(str(result.run_dir)),
            "exports": dg.MetadataValue.path(str(result.export_dir or "")),
            "rows_by_table": dg.MetadataValue.json(result.tables),
            "indicator_history_rows": kept,
            "indicator_history_rows_by_council": dg.MetadataValue.json(kept_by_council),
        }
    )
