"""The indicator history: each night's published values kept in the raw
history file, which the nightly publish swap never replaces."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from dagster_project.indicator_history import HISTORY_TABLE, record_published_values


def build_with_values(path: Path, as_of: dt.date, value: float) -> None:
    """A working database whose marts.indicator_values holds one indicator for
    the month before the as-of date and for June 2025, 16-17 months earlier."""
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.indicator_values (la_code varchar, indicator_id varchar,"
            " period_type varchar, period_end date, as_of_date date, numerator double,"
            " denominator double, value double, unit varchar)"
        )
        recent = dt.date(as_of.year, as_of.month, 1) - dt.timedelta(days=1)
        for period_end in (recent, dt.date(2025, 6, 30)):
            con.execute(
                "insert into marts.indicator_values values"
                " ('999', 'health', 'month', ?, ?, ?, 100, ?, 'percentage')",
                [period_end, as_of, value, value],
            )


def history(raw_db: Path) -> list[tuple]:
    with duckdb.connect(str(raw_db), read_only=True) as con:
        return con.execute(
            f"select as_of_date, period_end, value from {HISTORY_TABLE} order by 1, 2"
        ).fetchall()


def test_each_night_is_kept_and_a_rerun_night_replaces_itself(tmp_path: Path) -> None:
    raw_db, build_db = tmp_path / "raw.duckdb", tmp_path / "build.duckdb"
    first, second = dt.date(2026, 10, 31), dt.date(2026, 11, 30)

    build_with_values(build_db, first, 74.0)
    assert record_published_values(raw_db, build_db, "run-1", "999") == 1
    # Only months a revision can still touch are kept: not June 2025.
    assert history(raw_db) == [(first, dt.date(2026, 9, 30), 74.0)]

    # The same night re-run (recording caught up a little): replaced, not doubled.
    build_with_values(build_db, first, 75.0)
    record_published_values(raw_db, build_db, "run-2", "999")
    assert history(raw_db) == [(first, dt.date(2026, 9, 30), 75.0)]

    # The next night: appended beside it.
    build_with_values(build_db, second, 80.0)
    record_published_values(raw_db, build_db, "run-3", "999")
    assert history(raw_db) == [
        (first, dt.date(2026, 9, 30), 75.0),
        (second, dt.date(2026, 10, 31), 80.0),
    ]


def test_each_council_keeps_only_its_own_figures(tmp_path: Path) -> None:
    """In a warehouse of two councils, each raw history gets its council's values only."""
    build_db = tmp_path / "build.duckdb"
    as_of = dt.date(2026, 10, 31)
    build_with_values(build_db, as_of, 74.0)
    with duckdb.connect(str(build_db)) as con:
        con.execute(
            "insert into marts.indicator_values select '801', indicator_id, period_type, "
            "period_end, as_of_date, numerator, denominator, 60.0, unit "
            "from marts.indicator_values where la_code = '999'"
        )
    own, other = tmp_path / "999.duckdb", tmp_path / "801.duckdb"
    assert record_published_values(own, build_db, "run-1", "999") == 1
    assert record_published_values(other, build_db, "run-1", "801") == 1
    assert history(own) == [(as_of, dt.date(2026, 9, 30), 74.0)]
    assert history(other) == [(as_of, dt.date(2026, 9, 30), 60.0)]
    # A re-run of 801's night replaces 801's rows only.
    assert record_published_values(other, build_db, "run-2", "801") == 1
    assert history(own) == [(as_of, dt.date(2026, 9, 30), 74.0)]
