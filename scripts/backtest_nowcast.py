"""Back-test the nowcast of provisional months on simulated history.

For every month whose final figure (12 month ends after the month end) is
known, and for lags 0-3 (0 = the first report, 7 days after the month end;
1-3 = the next month ends), compare two estimates of that final figure with
the figure itself:

- as recorded: the month's value as it was known that night;
- nowcast: the expected final value estimated that night, from the months
  already settled by then (int_indicator_nowcasts never looks ahead).

Prints the mean absolute error of both per indicator and lag, how much of
the as-recorded error the nowcast removes, and the share of final values
inside the 80% interval. Targets (issue 9): at the first report the nowcast
at least halves the as-recorded error for the six lagging indicators; the
interval's coverage is between 70% and 90%.

    python scripts/backtest_nowcast.py [--raw-db data/raw/raw_history.duckdb] [--months 60]

The raw history must hold a simulated LA (`make run` writes one). dbt builds
the revision history over --months months (the nightly run keeps 36; more
months give more months to score) into a temporary database, so the
published warehouse and the nightly build are untouched.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_DIR = REPO_ROOT / "dbt"
sys.path.insert(0, str(REPO_ROOT))

from dagster_project.dbt_duckdb_plugin import BUILD_DB_ENV  # noqa: E402
from dagster_project.dbt_project import dbt_environment, dbt_vars  # noqa: E402
from dagster_project.raw_history import as_of_date  # noqa: E402
from dagster_project.resources import LacSettings  # noqa: E402

# Lags scored: (label, lag_months, lag_offset_days) as int_revision_nights states them.
LAGS = [("first report", 0, 7), ("1 month", 1, 0), ("2 months", 2, 0), ("3 months", 3, 0)]

# The six indicators the issue names (visits: both standards are scored).
TARGET_INDICATORS = [
    "lac_health_assessment_up_to_date_pct",
    "lac_dental_up_to_date_pct",
    "lac_iha_in_timescale_pct",
    "lac_visits_nms_pct",
    "lac_visits_rotherham_standard_pct",
    "lac_reviews_in_timescale_pct",
    "lac_up_to_date_pep_pct",
]

SCORE_SQL = """
with finals as (
    select indicator_id, period_end, value as final_value
    from main.int_indicator_revisions
    where period_type = 'month' and lag_months = 12 and lag_offset_days = 0
)
select
    revisions.indicator_id,
    revisions.lag_months,
    revisions.lag_offset_days,
    count(*) as months,
    avg(abs(revisions.value - finals.final_value)) as recorded_mae,
    avg(abs(nowcasts.expected_final_value - finals.final_value)) as nowcast_mae,
    avg(case when finals.final_value between nowcasts.expected_final_low
        and nowcasts.expected_final_high then 1.0 else 0.0 end) as coverage
from main.int_indicator_revisions as revisions
inner join finals
    on revisions.indicator_id = finals.indicator_id and revisions.period_end = finals.period_end
inner join main.int_indicator_nowcasts as nowcasts
    on revisions.indicator_id = nowcasts.indicator_id
    and revisions.period_type = nowcasts.period_type
    and revisions.period_end = nowcasts.period_end
    and revisions.as_of_date = nowcasts.as_of_date
where revisions.period_type = 'month'
    and nowcasts.expected_final_value is not null
    and (revisions.lag_months, revisions.lag_offset_days) in ({lags})
group by all
"""


def build(raw_db: Path, build_db: Path, months: int, work: Path) -> None:
    """dbt told what the nightly job tells it (dbt_vars), on a wider revision window."""
    settings = LacSettings.from_environment(raw_db_path=str(raw_db)).settings
    with duckdb.connect(str(raw_db), read_only=True) as con:
        as_of = as_of_date(con)
    variables = {**dbt_vars(settings, as_of), "revision_months": months}
    # dbt's build database: this script's own file (its name must be the build's).
    environment = {**os.environ, **dbt_environment(settings), BUILD_DB_ENV: str(build_db)}
    subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            "build",
            "--quiet",
            "--resource-type",
            "seed",
            "--resource-type",
            "model",
            "--project-dir",
            str(DBT_DIR),
            "--profiles-dir",
            str(DBT_DIR),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
            "--select",
            "+int_indicator_nowcasts",
            "--vars",
            json.dumps(variables),
        ],
        env=environment,
        check=True,
    )


def score(build_db: Path) -> list[tuple]:
    lags = ", ".join(f"({m}, {d})" for _, m, d in LAGS)
    with duckdb.connect(str(build_db), read_only=True) as con:
        return con.execute(SCORE_SQL.format(lags=lags)).fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--raw-db", type=Path, default=REPO_ROOT / "data" / "raw" / "raw_history.duckdb"
    )
    parser.add_argument("--months", type=int, default=60, help="months of revision history")
    args = parser.parse_args()
    if not args.raw_db.exists():
        print(f"no raw history at {args.raw_db}: run `make run` first", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="lac-backtest-") as tmp:
        work = Path(tmp)
        build_db = work / "warehouse.duckdb"
        build(args.raw_db.resolve(), build_db, args.months, work)
        rows = score(build_db)

    by_key = {(r[0], r[1], r[2]): r for r in rows}
    label_of = {(m, d): label for label, m, d in LAGS}
    print(
        f"{'indicator':38} {'lag':12} {'months':>6} {'MAE recorded':>12} "
        f"{'MAE nowcast':>11} {'removed':>7} {'80% cover':>9}"
    )
    failures = []
    all_hits = all_months = 0.0
    for indicator in TARGET_INDICATORS:
        for label, m, d in LAGS:
            row = by_key.get((indicator, m, d))
            if row is None:
                print(f"{indicator:38} {label:12} {'no months scored':>30}")
                failures.append(f"{indicator} {label}: nothing scored")
                continue
            _, _, _, months, recorded, nowcast, coverage = row
            removed = 1 - nowcast / recorded if recorded else 0.0
            all_hits += coverage * months
            all_months += months
            print(
                f"{indicator:38} {label_of[(m, d)]:12} {months:6d} {recorded:12.2f} "
                f"{nowcast:11.2f} {removed:7.0%} {coverage:9.0%}"
            )
            if label == "first report" and recorded and nowcast > recorded / 2:
                failures.append(f"{indicator}: nowcast does not halve the first report's error")
    overall = all_hits / all_months if all_months else 0.0
    print(f"\n80% interval coverage over every indicator and lag: {overall:.1%}")
    # The target band for an 80% interval: 70-90% of final values inside.
    if not 0.70 <= overall <= 0.90:
        failures.append(f"coverage {overall:.1%} outside 70-90%")
    if failures:
        print("\nTargets missed:\n  " + "\n  ".join(failures))
        return 1
    print("\nTargets met: the nowcast at least halves the first report's error, coverage 70-90%.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
