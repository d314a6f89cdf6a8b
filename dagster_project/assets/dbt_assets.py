"""The dbt project as Dagster assets; dbt tests appear as asset checks.

Asset keys and groups come from dbt's own metadata in the translator: a
source table `<source>__<table>` in the raw history is the ingest asset
`raw/<source>/<table>`, and a model is `<layer>/<model>` in the group named
after its layer (staging, intermediate, marts).

The settings dbt needs go to it as `--vars` (dbt_project.dbt_vars), the
data folder's paths and the night as environment variables of dbt's build
only (dbt_project.dbt_environment, environment_for_dbt), so dbt's parse
holds from night to night and from one data folder to another.
"""

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    dbt_assets,
)

from dagster_project.assets.council_partitions import night_councils
from dagster_project.dbt_project import (
    DBT_PROJECT_DIR,
    WarehouseDbtCli,
    dbt_environment,
    dbt_target_dir,
    dbt_vars,
    environment_for_dbt,
    night_for_dbt,
    warehouse_dbt_project,
)
from dagster_project.memory import release_freed_memory
from dagster_project.pooled_raw import build_pooled_raw
from dagster_project.resources import LacSettings, RawHistory
from dagster_project.restricted import OWNER_ONLY_FILE, owner_only_dir

# dbt writes its compiled SQL, logs and run_results.json to one folder per
# data folder, kept from night to night so its partial parse survives
# (dbt_project.dbt_target_dir). Earlier layouts gave every run a folder of its
# own under dbt/target (about 13 MB each, never pruned): `nightly-<run id>`,
# and dagster-dbt's default `warehouse_dbt_assets-*`. Those are removed.
TARGET_ROOT = DBT_PROJECT_DIR / "target"
TARGET_PREFIXES = ("nightly-", "warehouse_dbt_assets-")

# dbt's file log at warn: at its default (debug) dbt wrote about 8 MB of JSON
# a night to the kept target folder; the run's own log keeps every node's
# result, and warnings and errors still reach the file. (Two dbt threads were
# tried and left out: no steady gain in wall time on a shared 2-core machine,
# and a higher memory peak at 10x the default population, 1.56 GB for the dbt
# process against 1.49 GB with one: docs/performance.md.)
NIGHTLY_DBT_FLAGS = ("--log-level-file", "warn")


class WarehouseTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            identifier = dbt_resource_props.get("identifier") or dbt_resource_props["name"]
            source, _, table = identifier.partition("__")
            # the raw history's own bookkeeping tables (_quarantine) have no source prefix
            return dg.AssetKey(["raw", source, table] if table else ["raw", identifier])
        return dg.AssetKey([self._layer(dbt_resource_props), dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return self._layer(dbt_resource_props)

    @staticmethod
    def _layer(dbt_resource_props: Mapping[str, Any]) -> str:
        # fqn is [project, layer, ...]; seeds and singular tests sit at the top.
        fqn = dbt_resource_props.get("fqn", [])
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        return fqn[1] if len(fqn) > 2 else "marts"


TRANSLATOR = WarehouseTranslator(
    settings=DagsterDbtTranslatorSettings(
        enable_asset_checks=True, enable_duplicate_source_asset_keys=True
    )
)


@dbt_assets(manifest=warehouse_dbt_project.manifest_path, dagster_dbt_translator=TRANSLATOR)
def warehouse_dbt_assets(
    context: dg.AssetExecutionContext,
    dbt: WarehouseDbtCli,
    lac_settings: LacSettings,
    raw_history: RawHistory,
):
    """Build every model into a fresh working database and run every dbt test.

    The working database is rebuilt from nothing each night: every figure is
    recomputed from the raw history, so a restated record changes history the
    same way a re-run by hand would, and no stale table survives a model's
    removal. A failing test fails this step, and publishing never starts.
    """
    settings = lac_settings.settings
    # The working database holds every child-level staging table: owner-only.
    owner_only_dir(settings.build_dir)
    settings.build_db_path.unlink(missing_ok=True)
    settings.build_db_path.with_suffix(".duckdb.wal").unlink(missing_ok=True)
    # Every council with a raw history, pooled; the warehouse's night is the
    # newest of the councils' (each council's own is dbt's int_councils).
    councils = night_councils(settings)
    as_of_date = raw_history.newest_as_of_date([c.raw_db_path for c in councils])
    codes = ", ".join(c.la_code for c in councils)
    context.log.info(f"dbt build as of {as_of_date} for {len(councils)} council(s): {codes}")
    # Unit tests check the SQL, not the night's data: they run in `make test`
    # (tests/dbt), and leaving them out here keeps them off the nightly path.
    # The night and the paths go by environment, not vars, and the target
    # folder is kept, so dbt's partial parse survives (dbt_project.py).
    pooled = [c.raw() for c in councils]
    build_pooled_raw(settings.pooled_raw_path, pooled)
    variables = json.dumps(dbt_vars(settings, as_of_date=None))
    environment = {**dbt_environment(settings, councils=pooled), **night_for_dbt(as_of_date)}
    args = [
        *("build", "--exclude-resource-type", "unit_test", "--vars", variables),
        *NIGHTLY_DBT_FLAGS,
    ]
    # Folders of older layouts (one per run) would pile up: removed.
    prune_target_folders(TARGET_ROOT, keep=0)
    # dbt runs in or beside this process: what ingest freed goes back first.
    release_freed_memory()
    try:
        # The whole build, not only its start: dbt may run in this process.
        with environment_for_dbt(environment):
            target_path = dbt_target_dir(settings)
            invocation = dbt.build_night(args, context=context, target_path=target_path)
            yield from invocation.stream()
        # What dbt held in this process (its manifest, DuckDB's buffers) goes back too.
        release_freed_memory()
    finally:
        if settings.build_db_path.exists():
            settings.build_db_path.chmod(OWNER_ONLY_FILE)


def prune_target_folders(root: Path, keep: int) -> list[Path]:
    """Remove all but the `keep` newest run target folders under `root`; return those removed."""
    if not root.is_dir():
        return []
    runs = sorted(
        (p for p in root.iterdir() if p.is_dir() and p.name.startswith(TARGET_PREFIXES)),
        key=lambda p: p.stat().st_mtime,
    )
    removed = runs[: max(len(runs) - keep, 0)]
    for folder in removed:
        shutil.rmtree(folder, ignore_errors=True)
    return removed
