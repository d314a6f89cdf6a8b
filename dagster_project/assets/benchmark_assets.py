"""DfE benchmarks: load new DfE releases from the drop folder into the raw history.

A user drops a new EES open-data CSV (or a new statistical-neighbour model)
into settings.dfe_dir (env LAC_DFE_DIR); the next run loads every file whose
sha256 is not loaded yet, replacing an earlier load of the same file name in
one transaction. The comparators are computed downstream by dbt
(models/marts/benchmarks) from the `dfe__*` tables written here.

A malformed file is rejected whole with a clear reason (file, missing and
unexpected columns); the good files are still stored and nothing already
loaded is lost. The rejection fails the warning check `dfe_releases_accepted`
(so the Slack sensor for failed warning checks reports it) instead of failing
the run: a bad benchmark drop must not stop the nightly warehouse, whose
benchmarks then simply stay at the last good release.
"""

import dagster as dg

from dagster_project.assets.council_partitions import councils_partitions, step_council
from dagster_project.benchmarks.store import ensure_schema, load_folder
from dagster_project.resources import LacSettings, RawHistory

# The dbt sources `dfe.dfe__<table>` map to asset keys raw/dfe/<table> (the
# dbt translator's rule for every raw table), so producing those keys here
# makes the benchmark models downstream of this load without extra wiring.
DFE_TABLES = ("values", "statistical_neighbours", "releases", "la_code_changes")
DFE_TABLE_KEYS = [dg.AssetKey(["raw", "dfe", table]) for table in DFE_TABLES]


@dg.multi_asset(
    name="dfe_benchmarks",
    specs=[
        dg.AssetSpec(
            key,
            group_name="benchmarks",
            kinds={"duckdb"},
            description=f"Raw history table dfe__{key.path[-1]}: DfE published statistics "
            "(EES open data) and statistical-neighbour models, loaded from LAC_DFE_DIR.",
        )
        for key in DFE_TABLE_KEYS
    ],
    check_specs=[
        dg.AssetCheckSpec(
            "dfe_releases_accepted",
            asset=dg.AssetKey(["raw", "dfe", "releases"]),
            description="Every CSV in LAC_DFE_DIR is a DfE release in the expected layout.",
        )
    ],
    can_subset=False,
    # Per council: the releases are loaded into each council's raw history,
    # which the pooled raw history reads the national tables from (one council's).
    partitions_def=councils_partitions,
)
def dfe_benchmarks(
    context: dg.AssetExecutionContext, lac_settings: LacSettings, raw_history: RawHistory
):
    """Load every DfE release in LAC_DFE_DIR whose sha256 is not loaded yet."""
    settings = lac_settings.settings
    council = step_council(context, settings)
    with raw_history.connect(path=council.raw_db_path) as con:
        ensure_schema(con)
        results = load_folder(con, settings.dfe_dir)
        years = con.execute(
            "select min(year(year_ending)), max(year(year_ending)) from dfe__values"
        ).fetchone()
        total_rows = con.execute("select count(*) from dfe__values").fetchone()[0]
        models = [
            r[0]
            for r in con.execute(
                "select distinct model_version from dfe__statistical_neighbours order by 1"
            ).fetchall()
        ]

    loaded = [r for r in results if r.status == "accepted"]
    rejected = [r for r in results if r.status == "rejected"]
    skipped = [r for r in results if r.status == "skipped"]
    for result in loaded:
        context.log.info(f"loaded {result.release_file}: {result.rows} rows ({result.dataset})")
    metadata = {
        "dfe_dir": dg.MetadataValue.path(str(settings.dfe_dir)),
        "files_loaded": dg.MetadataValue.json(
            {r.release_file: {"rows": r.rows, "dataset": r.dataset} for r in loaded}
        ),
        "files_unchanged": len(skipped),
        "files_rejected": dg.MetadataValue.json({r.release_file: r.reason for r in rejected}),
        "rows_loaded": sum(r.rows for r in loaded),
        "dfe_values_rows": int(total_rows),
        "years_covered": f"{years[0]}-{years[1]}" if years and years[0] else "none",
        "sn_model_versions": dg.MetadataValue.json(models),
        "benchmark_la_code": council.benchmark_la_code,
        "la_code": council.la_code,
    }
    for key in DFE_TABLE_KEYS:
        yield dg.MaterializeResult(asset_key=key, metadata=metadata)
    for result in rejected:
        context.log.error(f"DfE release rejected, nothing of it loaded: {result.reason}")
    yield dg.AssetCheckResult(
        asset_key=dg.AssetKey(["raw", "dfe", "releases"]),
        check_name="dfe_releases_accepted",
        passed=not rejected,
        severity=dg.AssetCheckSeverity.WARN,
        description=(
            "DfE release rejected, nothing of it loaded: "
            + " | ".join(str(r.reason) for r in rejected)
            if rejected
            else f"{len(loaded)} loaded, {len(skipped)} unchanged"
        ),
        metadata={
            "files_rejected": dg.MetadataValue.json({r.release_file: r.reason for r in rejected})
        },
    )


BENCHMARK_ASSETS = [dfe_benchmarks]
