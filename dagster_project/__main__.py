"""`python -m dagster_project run`: one night of every council, then where the outputs are.

This is what `make run` calls. It runs the night as the schedule and its
sensor do (council_night.py): one `council_ingest` run per council of the
landing zone (its own partition), then one `warehouse_build` run over every
council, in this process, against the Dagster instance in $DAGSTER_HOME, so
the runs show in the UI afterwards like scheduled ones. It prints each
council's status and latest month, and exits non-zero if any council or the
build failed (the other councils still publish).
"""

from __future__ import annotations

import argparse
import sys

import dagster as dg

from dagster_project.console import new_log_file, run_quietly, warning_summary
from dagster_project.councils import (
    Council,
    CouncilRegistryError,
    council_report_dir,
    council_restricted_dir,
)
from dagster_project.ingest.council import CouncilMismatch
from dagster_project.report import latest_month_table
from dagster_project.settings import Settings, load_settings


def _failed_steps(result: dg.ExecuteInProcessResult) -> str:
    failed = [e.step_key for e in result.all_events if e.is_step_failure]
    return ", ".join(f for f in failed if f) or "unknown step"


def council_status(night, code: str) -> str:
    """One council's line: published, or where it failed (its previous figures stay)."""
    ingest = night.ingest[code]
    if not ingest.success:
        return (
            f"FAILED at {_failed_steps(ingest)}: nothing of tonight's drop was written; "
            "its previous figures stay published"
        )
    if night.build is None:
        return "ingested; not published (no build ran)"
    if not night.build.success:
        return "ingested; not published (the warehouse build failed)"
    return "published"


def _print_council_outputs(settings: Settings, council: Council) -> None:
    report = council_report_dir(settings, council) / "latest" / "report.html"
    print(f"Report: {report} (also report.xlsx and report.pdf)")
    print(f"Team exception lists (restricted): {council_restricted_dir(settings, council)}/latest")


def run_nightly(verbose: bool = False) -> int:
    settings = load_settings()
    log_file = new_log_file(settings.data_dir / "logs")
    from dagster_project.alerts.in_process import report_in_process_run
    from dagster_project.assets.dbt_assets import warehouse_dbt_assets
    from dagster_project.council_night import execute_plainly, run_council_night
    from dagster_project.definitions import defs

    models = len(warehouse_dbt_assets.keys)

    def quietly(job, instance, partition_key, tags):
        return run_quietly(job, instance, log_file, models, partition_key=partition_key, tags=tags)

    def heading(code: str) -> None:
        print(f"Council {code}:" if code else "Warehouse build (every council):")

    if not verbose:
        print(f"Running the night (full log: {log_file})")
    with dg.DagsterInstance.get() as instance:
        try:
            night = run_council_night(
                defs,
                instance,
                settings,
                execute=execute_plainly if verbose else quietly,
                before_council=None if verbose else heading,
            )
        except (CouncilMismatch, CouncilRegistryError) as error:
            print(f"Nothing was run: {error}", file=sys.stderr)
            return 1
        if not verbose:
            print()
            for code, result in night.ingest.items():
                print(f"Council {code}: " + " ".join(warning_summary(result)))
            if night.build is not None:
                print("Warehouse build: " + " ".join(warning_summary(night.build)))
        # The run-status sensors skip in-process runs: each run reports itself, once.
        for result in night.runs():
            report_in_process_run(instance, result.run_id, settings=settings)
        # No daemon runs the prune sensor for `make run`: prune here too.
        from dagster_project.retention import prune

        print(prune(instance, settings).summary())

    councils = night.councils
    print()
    print("Councils:")
    for council in councils.councils:
        run = night.ingest[council.la_code]
        print(f"  {council.la_code}  {council_status(night, council.la_code)}")
        print(f"       run: {settings.ui_base_url}/runs/{run.run_id}")
    build = night.build
    if build is None:
        print(
            "No council's ingest succeeded: no build ran, and the published warehouse "
            "is exactly as it was.",
            file=sys.stderr,
        )
    elif not build.success:
        print(f"The warehouse build failed at: {_failed_steps(build)}", file=sys.stderr)
        print(f"Open {settings.ui_base_url}/runs/{build.run_id} (make ui) for details.")
    if not verbose:
        print(f"Full log: {log_file}")
    if build is None or not build.success:
        return 1
    print()
    print(f"Published warehouse: {settings.warehouse_path}")
    print(f"Exports (Parquet/CSV): {settings.export_dir / 'latest'}")
    print(f"Build run: {settings.ui_base_url}/runs/{build.run_id} (make ui)")
    for council in councils.councils:
        print()
        if councils.is_multi:
            print(f"Council {council.la_code}" + (f" ({council.name})" if council.name else ""))
        print(f"Raw history: {council.raw_db_path}")
        print()
        la_code = council.la_code if councils.is_multi else None
        print(latest_month_table(settings.warehouse_path, la_code))
        print()
        _print_council_outputs(settings, council)
    return 1 if night.failed_councils else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dagster_project")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "run", help="run the night of every council once and print the latest month"
    )
    run.add_argument(
        "-v", "--verbose", action="store_true", help="print every Dagster, dbt and GX log line"
    )
    summary = sub.add_parser(
        "summary", help="print the latest month's indicators from the warehouse"
    )
    summary.add_argument("--la-code", help="one council's (3 digits); default: the whole warehouse")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run_nightly(verbose=args.verbose)
    print(latest_month_table(load_settings().warehouse_path, args.la_code))
    return 0


if __name__ == "__main__":
    sys.exit(main())
