"""The recording-lag gate on hand-made records: figures right, quiet without a
baseline, quiet on a normal night, warns on a spike and on recording that stops,
and keeps its figures night by night in a real DuckDB raw history."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

from contract import load_contract
from dagster_project import raw_history
from dagster_project.gates.lag import (
    ABNORMAL,
    FIGURES,
    FIGURES_TABLE,
    MIN_BASELINE_NIGHTS,
    NO_BASELINE,
    NORMAL,
    RecordType,
    judge,
    lag_figures,
    update_lag_figures,
)
from dagster_project.row_versions import write_night

AS_OF = dt.date(2024, 4, 30)  # a Tuesday


def _records(rows: list[tuple[dt.date, float]]) -> pd.DataFrame:
    """(event date, lag in days) -> event_date, recorded_at (recorded at 10:00)."""
    return pd.DataFrame(
        {
            "event_date": [pd.Timestamp(d) for d, _ in rows],
            "recorded_at": [pd.Timestamp(d) + pd.Timedelta(days=lag, hours=10) for d, lag in rows],
        }
    )


def test_figures_count_the_windows_and_the_working_days():
    # 2024-04-01 is a Monday: 20 working days later is Monday 2024-04-29.
    rows = [
        (dt.date(2024, 4, 1), 28),  # recorded 04-29: in time (the last day), 1 day ago
        (dt.date(2024, 4, 1), 29),  # recorded 04-30: one day late, tonight
        (dt.date(2024, 4, 20), 5),  # recorded 04-25, within the last 7 days
        (dt.date(2024, 4, 10), 5),  # recorded 04-15: in the 28-day window only
        (dt.date(2024, 2, 1), 10),  # recorded 02-11: outside both windows
        (dt.date(2024, 4, 29), 2),  # recorded 05-01: after tonight, not held yet
    ]
    f = lag_figures(_records(rows), AS_OF)
    assert f["n_recorded_7d"] == 3
    assert f["n_recorded_28d"] == 4
    assert f["median_lag_days"] == np.median([28, 29, 5, 5])
    assert f["share_within_20wd"] == 0.75
    # the last record was typed in tonight
    assert f["working_days_since_last"] == 0


def test_working_days_since_the_last_record_skip_the_weekend():
    # last record Thursday 2024-04-25; Friday 26, Monday 29, Tuesday 30 (tonight) since
    f = lag_figures(_records([(dt.date(2024, 4, 20), 5)]), AS_OF)
    assert f["working_days_since_last"] == 3
    # nothing in the 28-day window: all its working days (2024-04-03 to 04-30)
    assert lag_figures(_records([]), AS_OF)["working_days_since_last"] == 20


def test_no_records_gives_counts_and_no_lag():
    f = lag_figures(_records([]), AS_OF)
    assert f["n_recorded_7d"] == 0 and f["median_lag_days"] is None


def _baseline(nights: int, seed: int = 1) -> pd.DataFrame:
    """Ordinary nights: about 100 records a week, median lag 5 days, 95% in time."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "n_recorded_7d": rng.poisson(100, nights),
            "n_recorded_28d": rng.poisson(400, nights),
            "median_lag_days": rng.choice([4.0, 5.0, 6.0], nights),
            "p90_lag_days": rng.choice([14.0, 15.0, 16.0, 18.0], nights),
            "share_within_20wd": rng.normal(0.95, 0.01, nights).round(4),
            "status": NORMAL,
        }
    )


NORMAL_NIGHT = {
    "n_recorded_7d": 97,
    "n_recorded_28d": 405,
    "median_lag_days": 5.0,
    "p90_lag_days": 16.0,
    "share_within_20wd": 0.94,
}


def test_too_little_history_stays_quiet_and_says_so():
    spike = {**NORMAL_NIGHT, "n_recorded_7d": 0}
    j = judge("visits", spike, _baseline(MIN_BASELINE_NIGHTS - 1))
    assert j.status == NO_BASELINE
    assert j.baseline_nights == MIN_BASELINE_NIGHTS - 1
    assert "not judged" in j.reasons[0]


def test_a_normal_night_is_quiet():
    j = judge("visits", NORMAL_NIGHT, _baseline(56))
    assert j.status == NORMAL, j.reasons
    assert j.baseline["n_recorded_7d"] > 90


def test_a_lag_spike_warns():
    spike = {**NORMAL_NIGHT, "median_lag_days": 19.0, "share_within_20wd": 0.7}
    j = judge("visits", spike, _baseline(56))
    assert j.status == ABNORMAL
    assert any(r.startswith("median_lag_days") for r in j.reasons)
    assert any(r.startswith("share_within_20wd") for r in j.reasons)


def test_recording_that_stops_warns_even_for_a_small_record_type():
    history = _baseline(30).assign(n_recorded_7d=np.random.default_rng(2).poisson(9, 30))
    j = judge("reviews", {**NORMAL_NIGHT, "n_recorded_7d": 0}, history)
    assert j.status == ABNORMAL and "recording stopped" in j.reasons[0]
    # one record fewer than usual is not a backlog
    assert judge("reviews", {**NORMAL_NIGHT, "n_recorded_7d": 7}, history).status == NORMAL


def _rare_baseline(nights: int = 56, seed: int = 4) -> pd.DataFrame:
    """Initial health assessments: about 3 recorded a week, 12 in four weeks."""
    rng = np.random.default_rng(seed)
    return _baseline(nights).assign(
        n_recorded_7d=rng.poisson(3, nights), n_recorded_28d=rng.poisson(12, nights)
    )


def test_a_rare_record_type_gone_silent_warns():
    rare = {**NORMAL_NIGHT, "n_recorded_7d": 0, "n_recorded_28d": 9}
    history = _rare_baseline()
    # a week without one is ordinary at 3 a week (5% of weeks by chance)
    week = judge("initial_health_assessments", {**rare, "working_days_since_last": 5}, history)
    assert week.status == NORMAL, week.reasons
    # 8 working days: under 2.5% by chance (1.5%), recording that stopped
    silent = judge("initial_health_assessments", {**rare, "working_days_since_last": 8}, history)
    assert silent.status == ABNORMAL
    assert silent.reasons[0].startswith("working_days_since_last 8")
    # a busy type is judged on its weekly count, never on a few days' gap
    busy = judge("visits", {**NORMAL_NIGHT, "working_days_since_last": 8}, _baseline(56))
    assert busy.status == NORMAL, busy.reasons


def test_a_silence_as_long_as_last_years_same_weeks_is_a_season():
    # a rare type whose same weeks last year held long silences too
    dates = [AS_OF - dt.timedelta(weeks=k) for k in range(60, 0, -1)]
    history = _rare_baseline(60).assign(extract_date=dates, working_days_since_last=1)
    last_year = (pd.to_datetime(history["extract_date"]) - pd.Timestamp(AS_OF)).dt.days.between(
        -364 - 14, -364 + 14
    )
    quiet = {**NORMAL_NIGHT, "n_recorded_7d": 0, "n_recorded_28d": 9, "working_days_since_last": 10}
    assert judge("initial_health_assessments", quiet, history, AS_OF).status == ABNORMAL
    # PEPs follow the school year: never judged on a silence
    assert judge("peps", quiet, history, AS_OF).status == NORMAL
    holiday = history.assign(working_days_since_last=np.where(last_year, 15, 1))
    j = judge("initial_health_assessments", quiet, holiday, AS_OF)
    assert j.status == NORMAL, j.reasons


def test_abnormal_nights_do_not_become_the_baseline():
    history = pd.concat(
        [_baseline(30), _baseline(40, seed=3).assign(n_recorded_7d=0, status=ABNORMAL)],
        ignore_index=True,
    )
    j = judge("visits", {**NORMAL_NIGHT, "n_recorded_7d": 0}, history)
    assert j.status == ABNORMAL and j.baseline_nights == 30


VISITS = RecordType("visits", "social_care", "visits", '"VISIT_DATE"')


def _raw_visits(con: duckdb.DuckDBPyConnection, nights: list[dt.date], stop: dt.date) -> None:
    """A visits table with one full extract per night: 15 visits a day, each
    recorded 3 days later, until recording stops on `stop`."""
    visits = load_contract().source("social_care").table("visits")
    first = nights[0] - dt.timedelta(days=60)
    rows = []
    day = first
    while day <= nights[-1]:
        recorded = pd.Timestamp(day) + pd.Timedelta(days=3, hours=11)
        if recorded.date() < stop:
            rows += [(day, recorded, f"PIICHILD{i:02d}") for i in range(15)]
        day += dt.timedelta(days=1)
    frame = pd.DataFrame(rows, columns=["VISIT_DATE", "RECORDED_AT", "CHILD"])
    frame["_row_number"] = range(1, len(frame) + 1)
    for night in nights:
        snap = frame[frame["RECORDED_AT"] < pd.Timestamp(night) + pd.Timedelta(days=1)]
        con.execute("begin transaction")
        write_night(con, visits, night, snap, "visits.csv")
        con.execute("commit")


def test_kept_figures_build_the_baseline_and_catch_a_stop(tmp_path):
    con = raw_history.connect(tmp_path / "raw.duckdb")
    start = dt.date(2024, 3, 1)
    nights = [start + dt.timedelta(days=i) for i in range(40)]
    stop = nights[30]
    _raw_visits(con, nights, stop)
    # the first nights' extracts arrive in one run (a first load): measured in order
    result = update_lag_figures(con, [VISITS])
    kept = con.execute(
        f"select extract_date, status, n_recorded_7d from {FIGURES_TABLE} order by 1"
    ).fetchall()
    assert len(kept) == 40
    assert {s for _, s, _ in kept[:MIN_BASELINE_NIGHTS]} == {NO_BASELINE}
    assert {s for _, s, _ in kept[MIN_BASELINE_NIGHTS:30]} == {NORMAL}
    # 7 nights after recording stopped, a week holds no visit recorded
    assert kept[36][1:] == (ABNORMAL, 0)
    assert result.abnormal == ["visits"] and not result.passed
    # a second run with nothing new re-reports the stored judgement, adds nothing
    again = update_lag_figures(con, [VISITS])
    assert again.abnormal == ["visits"]
    assert con.execute(f"select count(*) from {FIGURES_TABLE}").fetchone()[0] == 40
    md = again.metadata()
    assert set(md["record_types"]["visits"]["tonight"]) == set(FIGURES)
    assert "PIICHILD" not in repr(md)
    con.close()


def test_figures_kept_before_the_silence_figure_gain_its_column(tmp_path):
    con = raw_history.connect(tmp_path / "raw.duckdb")
    # the table as an earlier release created it, with one night measured
    con.execute(
        f"create table {FIGURES_TABLE} (extract_date date not null, record_type varchar "
        "not null, n_recorded_7d bigint not null, n_recorded_28d bigint not null, "
        "median_lag_days double, p90_lag_days double, share_within_20wd double, "
        "status varchar not null, computed_at timestamp not null default current_timestamp, "
        "primary key (extract_date, record_type))"
    )
    con.execute(
        f"insert into {FIGURES_TABLE} values "
        "('2024-02-29', 'visits', 105, 420, 3, 3, 1, 'insufficient_baseline', now())"
    )
    nights = [dt.date(2024, 3, 1) + dt.timedelta(days=i) for i in range(3)]
    _raw_visits(con, nights, stop=dt.date(2025, 1, 1))
    update_lag_figures(con, [VISITS])
    kept = con.execute(
        f"select extract_date, working_days_since_last from {FIGURES_TABLE} order by 1"
    ).fetchall()
    assert kept[0] == (dt.date(2024, 2, 29), None)
    assert [k[1] for k in kept[1:]] == [0, 0, 0]  # every day's visits typed in that day
    con.close()


def test_a_sudden_stop_warns_even_when_the_usual_week_is_low():
    # A seasonal type: weekly extracts, mostly quiet weeks, then a busy term week.
    dates = [AS_OF - dt.timedelta(weeks=k) for k in range(30, 0, -1)]
    history = _baseline(30).assign(
        extract_date=dates, n_recorded_7d=[5] * 29 + [60], n_recorded_28d=60
    )
    stop = judge("peps", {**NORMAL_NIGHT, "n_recorded_7d": 2}, history, AS_OF)
    assert stop.status == ABNORMAL and "the week before" in stop.reasons[0]
    # a fall by two thirds (a half term) is a season, not a stop
    assert judge("peps", {**NORMAL_NIGHT, "n_recorded_7d": 20}, history, AS_OF).status == NORMAL
