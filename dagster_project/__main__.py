"""`python -m dagster_project run`: the nightly job once, then where the outputs are.

This is what `make run` calls. It runs the same `nightly` job the schedule
runs, in this process, against the Dagster instance in $DAGSTER_HOME, so the
run shows in the UI afterwards like any scheduled one.
"""

from __future__ import annotations

import argparse
import sys

import dagster as dg

from dagster_project.console import new_log_file, run_quietly, warning_summary
from dagster_project.report import latest_month_table
from dagster_project.settings import load_settings


def run_nightly(verbose: bool = False) -> int:
    settings = load_settings()
    log_file = new_log_file(settings.data_dir / "logs")
    if not verbose:
        print(f"Running the nightly job (full log: {log_file})")
    from dagster_project.alerts.in_process import report_in_process_run
    from dagster_project.assets.dbt_assets import warehouse_dbt_assets
    from dagster_project.definitions import defs

    job = defs.resolve_job_def("nightly")
    with dg.DagsterInstance.get() as instance:
        if verbose:
            result = job.execute_in_process(instance=instance, raise_on_error=False)
        else:
            models = len(warehouse_dbt_assets.keys)
            result = run_quietly(job, instance, log_file, dbt_models=models)
            print()
            print("\n".join(warning_summary(result)))
        # The run-status sensors skip in-process runs: this run reports itself, once.
        report_in_process_run(instance, result.run_id, settings=settings)
        # No daemon runs the prune sensor for `make run`: prune here too.
        from dagster_project.retention import prune

        print(prune(instance, settings).summary())
    if not result.success:
        failed = [e.step_key for e in result.all_events if e.is_step_failure]
        print(f"The nightly run failed at: {', '.join(failed) or 'unknown step'}", file=sys.stderr)
        print(f"Open {settings.ui_base_url}/runs/{result.run_id} (make ui) for details.")
        if not verbose:
            print(f"Full log: {log_file}")
        return 1
    print()
    print(f"Published warehouse: {settings.warehouse_path}")
    print(f"Exports (Parquet/CSV): {settings.export_dir / 'latest'}")
    print(f"Raw history: {settings.raw_db_path}")
    print(f"Run: {settings.ui_base_url}/runs/{result.run_id} (make ui)")
    if not verbose:
        print(f"Full log: {log_file}")
    print()
    print(latest_month_table(settings.warehouse_path))
    print()
    report = settings.report_dir / "latest" / "report.html"
    print(f"Report: {report} (also report.xlsx and report.pdf)")
    print(f"Team exception lists (restricted): {settings.restricted_dir / 'latest'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dagster_project")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the nightly job once and print the latest month")
    run.add_argument(
        "-v", "--verbose", action="store_true", help="print every Dagster, dbt and GX log line"
    )
    sub.add_parser("summary", help="print the latest month's indicators from the warehouse")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run_nightly(verbose=args.verbose)
    print(latest_month_table(load_settings().warehouse_path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
