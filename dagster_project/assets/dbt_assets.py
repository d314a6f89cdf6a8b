"""The dbt project as Dagster assets; dbt tests appear as asset checks.

Asset keys and groups come from dbt's own metadata in the translator: a
source table `<source>__<table>` in the raw history is the ingest asset
`raw/<source>/<table>`, and a model is `<layer>/<model>` in the group named
after its layer (staging, intermediate, marts).
"""

import contextlib
import json
import os
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

from dagster_project import raw_history
from dagster_project.dbt_project import dbt_environment, warehouse_dbt_project
from dagster_project.settings import load_settings


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


def dbt_vars(as_of_date: str | None, la_code: str, benchmark_la_code: str) -> dict[str, str]:
    variables = {"la_code": la_code, "benchmark_la_code": benchmark_la_code}
    if as_of_date:
        variables["as_of_date"] = as_of_date
    return variables


def current_as_of_date() -> str | None:
    """The night the figures are as at: the newest accepted social care extract."""
    settings = load_settings()
    con = raw_history.connect(settings.raw_db_path)
    try:
        newest = raw_history.latest_accepted_extract_dates(con).get("social_care")
        return newest.isoformat() if newest else None
    finally:
        con.close()


@contextlib.contextmanager
def _process_environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set variables only while dbt's subprocess is started, then restore them.

    dagster-dbt's `cli` takes no env argument and copies os.environ when it
    starts dbt, so the paths profiles.yml reads must be in os.environ at that
    moment; left there, they would steer every later caller of load_settings
    in this process (a test run, the console) at this night's files.
    """
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dbt_assets(manifest=warehouse_dbt_project.manifest_path, dagster_dbt_translator=TRANSLATOR)
def warehouse_dbt_assets(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """Build every model into a fresh working database and run every dbt test.

    The working database is rebuilt from nothing each night: every figure is
    recomputed from the raw history, so a restated record changes history the
    same way a re-run by hand would, and no stale table survives a model's
    removal. A failing test fails this step, and publishing never starts.
    """
    settings = load_settings()
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    settings.build_db_path.unlink(missing_ok=True)
    settings.build_db_path.with_suffix(".duckdb.wal").unlink(missing_ok=True)
    as_of_date = current_as_of_date()
    variables = dbt_vars(as_of_date, settings.la_code, settings.benchmark_la_code)
    context.log.info(f"dbt build as of {as_of_date} for LA {settings.la_code}")
    # Unit tests check the SQL, not the night's data: they run in `make test`
    # (tests/dbt), and leaving them out here keeps them off the nightly path.
    args = ["build", "--exclude-resource-type", "unit_test", "--vars", json.dumps(variables)]
    # cli() starts dbt's subprocess at once, with the environment as it is then.
    with _process_environment(dbt_environment(settings)):
        invocation = dbt.cli(args, context=context)
    yield from invocation.stream()
