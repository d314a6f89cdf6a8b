"""The recording-lag gate: is tonight's recording abnormal against the LA's own history?

Belongs here: measuring, per record type that lags (health, dental and
initial health assessments, reviews, visits, PEPs, episodes), the
recording-lag distribution from `recorded_at - event date` on each extract;
keeping those figures night by night in the raw history (`_lag_figures`,
counts and shares only); and judging tonight's figures against the trailing
baseline of the same record type. It is a WARNING gate: a lag does not make
the data wrong, it makes the latest figures low until recording catches up,
and the performance team needs to know when recording has gone abnormal
(a backlog, a confirmation process that stopped) before they publish.

Why a baseline and not a fixed share: every LA, and every record type, lags
differently. Health assessments typed in weeks late are normal for the
papers' LA (a fixed "15% late" rule warned every night, so nobody read it);
what matters is recording that stops or slows compared with the LA's own
recent nights.

No child id or date leaves this module: the figures are counts, shares and
whole days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

# Why 20 working days: it is the statutory timescale for an initial health
# assessment and the first review, and about one calendar month, i.e. one
# monthly reporting cycle: a record typed in later misses the month-end
# figure that should count it (the re-run restatements the papers complain
# about). Working days ignore bank holidays (at most two days' difference in
# any month), as in the dbt macro add_working_days.
RECORDING_DUE_WORKING_DAYS = 20

# Why 7 days for the volume: a week evens out the weekday/weekend rhythm of
# recording, and a record type that stops reaching the case system shows as
# a falling weekly count from the first night, reaching nothing within the
# 7 nights the issue allows for detection.
VOLUME_WINDOW_DAYS = 7

# Why 28 days for the lag distribution: four weeks of recording hold enough
# records of the rarer types (about 15 initial health assessments, 25
# episodes) for a median and a 90th percentile, and a catch-up burst of long
# lags stays visible for a month after a backlog is cleared.
LAG_WINDOW_DAYS = 28

# Why at least 20 records for judging the lag figures: below that a median
# moves by a week with two or three records (initial health assessments,
# about 15 in four weeks, warned on 4% of normal nights on their median lag
# alone in the measurement; PEPs in the school holidays likewise). The
# figures are still kept and shown, and the volume is still judged.
MIN_RECORDS_FOR_LAG = 20

# Why the last 56 nights, at least 14 of them: eight weeks is long enough
# that a backlog of a few weeks cannot become its own baseline (abnormal
# nights are left out of it anyway), and short enough to follow a genuine
# change of recording practice within two months. Fourteen nights (two
# weeks, both weekend patterns twice) is the least that gives a median and
# a MAD worth comparing against; with fewer the gate stays quiet and says so.
BASELINE_NIGHTS = 56
MIN_BASELINE_NIGHTS = 14

# Why a robust z of 4 (median and MAD, MAD scaled by 1.4826 to a standard
# deviation): the nightly figures are autocorrelated (each window shares all
# but one day with the night before) and heavy-tailed, so a mean and standard
# deviation would be dragged by the very backlog being looked for. 4 robust
# standard deviations keeps the gate quiet on at least 95% of normal nights
# across seven record types on the default simulated LA
# (scripts/measure_lag_gate.py), while a week of no recording is far outside.
Z_LIMIT = 4.0
MAD_TO_SD = 1.4826

# A week with almost nothing recorded (at most a tenth of the usual weekly
# count) of a record type that usually gets at least 7 a week: by chance
# alone a Poisson count of 7 is 0 once in a thousand weeks, so this is a
# stopped recording process, not a quiet week. It catches a backlog of the
# types recorded a few times a week (reviews, health and dental assessments,
# episodes), whose weekly count is too small for the robust z to reach 4
# within the 7 nights the issue allows. Types recorded less often than 7 a
# week (initial health assessments, about 3) cannot be told from chance in a
# week; their backlog shows when the catch-up's long lags arrive.
COLLAPSE_SHARE = 0.1
COLLAPSE_MIN_WEEKLY = 7

# A sudden stop: this week holds at most a tenth of the week before, which
# held at least 20. Seasonal record types (PEPs) have a usual week that mixes
# term and holiday, too low to show a stop at the start of a term; but
# seasons change over weeks (the simulated PEPs fall by at most two thirds
# from one week to the next at a half term), while a Poisson count of 20
# falls to 2 or fewer by chance about once in two million weeks.
SUDDEN_STOP_MIN_WEEKLY = 20

# Why the same weeks last year as well: some recording is seasonal (PEP
# meetings stop in the school holidays; assessments typed in before a
# holiday are late after it). Once a year of figures is kept, a figure is
# abnormal only if it is abnormal against both the last 56 normal nights and
# all the extracts within 14 days of the same date 52 weeks earlier (at least
# 3 of them: a weekly source such as the Virtual School has 4 in those four
# weeks), so the summer holidays do not read as a backlog every year. In the
# first year there is no such reference and the trailing baseline alone
# judges (the PEPs' holidays may then warn; a year of extracts loaded at
# once is measured in order, so the reference exists from the first run).
SEASON_LAG_DAYS = 364
SEASON_HALF_WIDTH_DAYS = 14
MIN_SEASON_NIGHTS = 3


@dataclass(frozen=True)
class MetricRule:
    """A figure, the direction that is bad, and the least spread to assume.

    The floor stops a figure that hardly moves (MAD 0) from warning on a
    change of one record or one day: `floor` absolute, `relative` times the
    baseline median, or chance alone (Poisson for a count, binomial for a
    share of tonight's records), whichever is largest.
    """

    name: str
    bad: str  # "low" | "high"
    floor: float
    relative: float = 0.0
    noise: str = ""  # "poisson" | "binomial" | ""


RULES = (
    # a count: random variation is at least Poisson (sqrt of the mean)
    MetricRule("n_recorded_7d", "low", 1.0, noise="poisson"),
    # a lag of weeks (health) moves by days from month to month: allow 20%
    MetricRule("median_lag_days", "high", 2.0, relative=0.2),
    # a share of 15-500 records: at least its binomial noise, and 3 points
    MetricRule("share_within_20wd", "low", 0.03, noise="binomial"),
)
# Measured, kept and shown but not judged: the 90th percentile of 15-50
# records (the health types) swings by weeks with a handful of very late
# records, and warned on 5-10% of normal nights in the measurement.
REPORTED_ONLY = ("p90_lag_days",)
FIGURES = (
    "n_recorded_7d",
    "n_recorded_28d",
    "median_lag_days",
    "p90_lag_days",
    "share_within_20wd",
)

NORMAL, ABNORMAL, NO_BASELINE = "normal", "abnormal", "insufficient_baseline"


@dataclass(frozen=True)
class RecordType:
    """Where a record type lives in the raw history and which date it lags."""

    name: str
    source: str
    table: str
    event_date_sql: str
    recorded_at_sql: str = '"RECORDED_AT"'
    where_sql: str = "true"

    @property
    def qualified_table(self) -> str:
        return f"{self.source}__{self.table}"


RECORD_TYPES = (
    RecordType(
        "health_assessments",
        "social_care",
        "health_assessments",
        '"ASSESSMENT_DATE"',
        where_sql="\"ASSESSMENT_TYPE\" = 'RHA'",
    ),
    RecordType(
        "dental_checks",
        "social_care",
        "health_assessments",
        '"ASSESSMENT_DATE"',
        where_sql="\"ASSESSMENT_TYPE\" = 'DENTAL'",
    ),
    RecordType(
        "initial_health_assessments",
        "social_care",
        "health_assessments",
        '"ASSESSMENT_DATE"',
        where_sql="\"ASSESSMENT_TYPE\" = 'IHA'",
    ),
    RecordType("reviews", "social_care", "reviews", '"REVIEW"'),
    RecordType("visits", "social_care", "visits", '"VISIT_DATE"'),
    RecordType("peps", "virtual_school", "peps", '"pep_date"', '"recorded_at"'),
    # An episode row's recorded-at is its last change: the closure once the
    # episode has ended (DEC), its opening before that (DECOM).
    RecordType("episodes", "social_care", "episodes", 'coalesce("DEC", "DECOM")'),
)

# Why a year and a month: on a first load of a long raw history, measuring
# that much gives the trailing baseline and the same weeks last year at once
# (a few seconds per hundred extracts, once); later nights measure one each.
BACKFILL_EXTRACTS = SEASON_LAG_DAYS + SEASON_HALF_WIDTH_DAYS + 1

FIGURES_TABLE = "_lag_figures"
FIGURES_DDL = f"""
create table if not exists {FIGURES_TABLE} (
    extract_date date not null,
    record_type varchar not null,
    n_recorded_7d bigint not null,
    n_recorded_28d bigint not null,
    median_lag_days double,
    p90_lag_days double,
    share_within_20wd double,
    status varchar not null,          -- normal | abnormal | insufficient_baseline
    computed_at timestamp not null default current_timestamp,
    primary key (extract_date, record_type)
)
"""


# --- figures ---------------------------------------------------------------


def lag_figures(records: pd.DataFrame, as_of: dt.date) -> dict[str, float | int | None]:
    """The recording-lag figures of one record type as held on `as_of`.

    `records`: event_date, recorded_at (one row per record in the extract).
    Volume: records recorded in the last 7 days. Lag distribution: records
    recorded in the last 28 days, lag in whole calendar days from the event to
    the day it was recorded; share recorded within 20 working days.
    """
    as_of_end = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    event = pd.to_datetime(records["event_date"]).dt.normalize()
    recorded_at = pd.to_datetime(records["recorded_at"])
    ok = event.notna() & recorded_at.notna() & (recorded_at < as_of_end) & (event < as_of_end)
    event, recorded_at = event[ok], recorded_at[ok]
    since_7 = as_of_end - pd.Timedelta(days=VOLUME_WINDOW_DAYS)
    since_28 = as_of_end - pd.Timedelta(days=LAG_WINDOW_DAYS)
    recent = recorded_at >= since_28
    event, day = event[recent], recorded_at[recent].dt.normalize()
    n28 = int(recent.sum())
    figures: dict[str, float | int | None] = {
        "n_recorded_7d": int((recorded_at >= since_7).sum()),
        "n_recorded_28d": n28,
        "median_lag_days": None,
        "p90_lag_days": None,
        "share_within_20wd": None,
    }
    if n28 == 0:
        return figures
    lag_days = (day - event).dt.days.clip(lower=0).to_numpy()
    due = np.busday_offset(
        event.to_numpy().astype("datetime64[D]"), RECORDING_DUE_WORKING_DAYS, roll="forward"
    )
    in_time = day.to_numpy().astype("datetime64[D]") <= due
    figures["median_lag_days"] = float(np.median(lag_days))
    figures["p90_lag_days"] = float(np.percentile(lag_days, 90))
    figures["share_within_20wd"] = round(float(in_time.mean()), 4)
    return figures


# --- judging against the baseline ---------------------------------------------


@dataclass
class Judgement:
    record_type: str
    extract_date: dt.date | None
    status: str
    figures: dict[str, float | int | None]
    baseline_nights: int
    baseline: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    def metadata(self) -> dict:
        """Counts, shares and days only."""
        return {
            "extract_date": self.extract_date.isoformat() if self.extract_date else None,
            "status": self.status,
            "baseline_nights": self.baseline_nights,
            "tonight": self.figures,
            "baseline_median": self.baseline,
            "reasons": self.reasons,
        }


def _spread(history: np.ndarray, median: float, rule: MetricRule, tonight: Mapping) -> float:
    floor = max(rule.floor, rule.relative * abs(median))
    if rule.noise == "poisson":
        floor = max(floor, float(np.sqrt(max(median, 0.0))))
    if rule.noise == "binomial":
        n = max(int(tonight.get("n_recorded_28d") or 0), 1)
        floor = max(floor, float(np.sqrt(median * (1 - median) / n)))
    return max(MAD_TO_SD * float(np.median(np.abs(history - median))), floor)


def _beyond(value: float, history: np.ndarray, rule: MetricRule, tonight: Mapping) -> bool:
    median = float(np.median(history))
    z = (value - median) / _spread(history, median, rule, tonight)
    return z < -Z_LIMIT if rule.bad == "low" else z > Z_LIMIT


def _column(frame: pd.DataFrame, name: str) -> np.ndarray:
    return pd.to_numeric(frame[name], errors="coerce").dropna().to_numpy(float)


def _same_weeks_last_year(history: pd.DataFrame, as_of: dt.date | None) -> pd.DataFrame:
    if as_of is None or "extract_date" not in history.columns or history.empty:
        return history.iloc[0:0]
    centre = pd.Timestamp(as_of) - pd.Timedelta(days=SEASON_LAG_DAYS)
    dates = pd.to_datetime(history["extract_date"])
    near = (dates - centre).abs() <= pd.Timedelta(days=SEASON_HALF_WIDTH_DAYS)
    return history[near]


def _week_before(history: pd.DataFrame, as_of: dt.date | None) -> float | None:
    """The weekly count measured 7 days before (6-8 days for a late or early drop)."""
    if as_of is None or "extract_date" not in history.columns or history.empty:
        return None
    dates = pd.to_datetime(history["extract_date"])
    days = (pd.Timestamp(as_of) - dates).dt.days
    near = history[(days >= 6) & (days <= 8)]
    counts = _column(near, "n_recorded_7d")
    return float(counts[-1]) if len(counts) else None


def judge(
    record_type: str,
    tonight: Mapping[str, float | int | None],
    history: pd.DataFrame,
    extract_date: dt.date | None = None,
) -> Judgement:
    """Tonight's figures against the trailing baseline of the same record type.

    `history`: earlier nights' figures of this record type (columns FIGURES,
    `status` and, for the seasonal reference, `extract_date`), oldest first.
    Nights judged abnormal are left out of the baseline, so a backlog does
    not become normal while it lasts; the last BASELINE_NIGHTS of the rest
    are the baseline. Where a year of history is kept, the same weeks last
    year must agree (see SEASON_LAG_DAYS).
    """
    if extract_date is not None and "extract_date" in history.columns:
        history = history[pd.to_datetime(history["extract_date"]) < pd.Timestamp(extract_date)]
    usable = history[history["status"] != ABNORMAL]
    # last year's same weeks: the normal nights among them; where all of them
    # were judged abnormal (a season warned on in the first year), all of
    # them, so that a season does not stay abnormal every year
    season = _same_weeks_last_year(history, extract_date)
    if (season["status"] != ABNORMAL).sum() >= MIN_SEASON_NIGHTS:
        season = season[season["status"] != ABNORMAL]
    if len(season) < MIN_SEASON_NIGHTS:
        season = None
    usable = usable.tail(BASELINE_NIGHTS)
    j = Judgement(record_type, extract_date, NORMAL, dict(tonight), len(usable))
    if len(usable) < MIN_BASELINE_NIGHTS:
        j.status = NO_BASELINE
        j.reasons.append(
            f"{len(usable)} of the {MIN_BASELINE_NIGHTS} nights of baseline needed: not judged"
        )
        return j
    recent = tonight.get("n_recorded_7d") or 0
    usual = [float(np.median(_column(usable, "n_recorded_7d")))]
    if season is not None:
        usual.append(float(np.median(_column(season, "n_recorded_7d"))))
    if min(usual) >= COLLAPSE_MIN_WEEKLY and recent <= COLLAPSE_SHARE * min(usual):
        j.status = ABNORMAL
        j.reasons.append(
            f"n_recorded_7d {recent} against a usual week of {min(usual):g}: recording stopped"
        )
    week_before = _week_before(history, extract_date)
    if (
        j.status != ABNORMAL
        and week_before is not None
        and week_before >= SUDDEN_STOP_MIN_WEEKLY
        and recent <= COLLAPSE_SHARE * week_before
        # a week after a catch-up burst is lower still: last year says what is usual
        and recent <= COLLAPSE_SHARE * max(usual[1:], default=float("inf"))
    ):
        j.status = ABNORMAL
        j.reasons.append(
            f"n_recorded_7d {recent} against {week_before:g} the week before: recording stopped"
        )
    lag_judged = (tonight.get("n_recorded_28d") or 0) >= MIN_RECORDS_FOR_LAG
    for rule in RULES:
        value = tonight.get(rule.name)
        if value is None or (rule.name != "n_recorded_7d" and not lag_judged):
            continue
        past = _column(usable, rule.name)
        if len(past) < MIN_BASELINE_NIGHTS:
            continue
        median = float(np.median(past))
        j.baseline[rule.name] = round(median, 4)
        abnormal = _beyond(float(value), past, rule, tonight)
        if abnormal and season is not None:
            last_year = _column(season, rule.name)
            if len(last_year) >= MIN_SEASON_NIGHTS:
                # last year's level, with the spread of the recent nights
                shifted = past - median + float(np.median(last_year))
                abnormal = _beyond(float(value), shifted, rule, tonight)
        if abnormal:
            j.status = ABNORMAL
            j.reasons.append(f"{rule.name} {value} against a baseline median of {median:g}")
    for name in REPORTED_ONLY:
        past = _column(usable, name)
        if len(past):
            j.baseline[name] = round(float(np.median(past)), 4)
    return j


# --- the gate over the raw history --------------------------------------------


@dataclass
class LagGateResult:
    judgements: list[Judgement]

    @property
    def passed(self) -> bool:
        return all(j.status != ABNORMAL for j in self.judgements)

    @property
    def abnormal(self) -> list[str]:
        return [j.record_type for j in self.judgements if j.status == ABNORMAL]

    @property
    def without_baseline(self) -> list[str]:
        return [j.record_type for j in self.judgements if j.status == NO_BASELINE]

    def metadata(self) -> dict:
        """Counts only, for the check metadata and the alert."""
        return {
            "abnormal_record_types": self.abnormal,
            "record_types_without_baseline": self.without_baseline,
            "record_types": {j.record_type: j.metadata() for j in self.judgements},
            "baseline_rule": (
                f"robust z beyond {Z_LIMIT:g} (median, MAD) against the last "
                f"{BASELINE_NIGHTS} normal nights; at least {MIN_BASELINE_NIGHTS} needed"
            ),
            "due_working_days": RECORDING_DUE_WORKING_DAYS,
        }


def records_on(
    con: duckdb.DuckDBPyConnection, record_type: RecordType, extract_date: dt.date
) -> pd.DataFrame:
    """event_date and recorded_at of a record type's rows recorded in the lag window."""
    since = extract_date - dt.timedelta(days=LAG_WINDOW_DAYS)
    return con.execute(
        f"select {record_type.event_date_sql} as event_date, "
        f"{record_type.recorded_at_sql} as recorded_at "
        f"from {record_type.qualified_table} "
        f"where _extract_date = ? and {record_type.where_sql} "
        f"and {record_type.recorded_at_sql} >= ?",
        [extract_date, since],
    ).df()


def _history(con: duckdb.DuckDBPyConnection, name: str, before: dt.date) -> pd.DataFrame:
    """The kept figures of a record type from the year and a month before `before`."""
    since = before - dt.timedelta(days=SEASON_LAG_DAYS + SEASON_HALF_WIDTH_DAYS + 1)
    return con.execute(
        f"select extract_date, {', '.join(FIGURES)}, status from {FIGURES_TABLE} "
        "where record_type = ? and extract_date < ? and extract_date >= ? "
        "order by extract_date",
        [name, before, since],
    ).df()


def _extract_dates(con: duckdb.DuckDBPyConnection, record_type: RecordType) -> list[dt.date]:
    rows = con.execute(
        f"select distinct _extract_date from {record_type.qualified_table} "
        "order by _extract_date desc limit ?",
        [BACKFILL_EXTRACTS],
    ).fetchall()
    return sorted(r[0] for r in rows)


def update_lag_figures(
    con: duckdb.DuckDBPyConnection, record_types: Iterable[RecordType] = RECORD_TYPES
) -> LagGateResult:
    """Measure and judge every extract not yet measured; return each type's newest judgement.

    Extracts ingested in one run (a first load, or nights caught up after an
    outage) are measured oldest first, so each is judged against the nights
    before it. At most the last BACKFILL_EXTRACTS extracts are measured.
    """
    con.execute(FIGURES_DDL)
    judgements = []
    for record_type in record_types:
        done = {
            r[0]
            for r in con.execute(
                f"select extract_date from {FIGURES_TABLE} where record_type = ?",
                [record_type.name],
            ).fetchall()
        }
        dates = _extract_dates(con, record_type)
        latest: Judgement | None = None
        for extract_date in dates:
            if extract_date in done:
                continue
            figures = lag_figures(records_on(con, record_type, extract_date), extract_date)
            latest = judge(
                record_type.name,
                figures,
                _history(con, record_type.name, extract_date),
                extract_date,
            )
            con.execute(
                f"insert into {FIGURES_TABLE} ({', '.join(FIGURES)}, extract_date, record_type, "
                "status) values (?, ?, ?, ?, ?, ?, ?, ?)",
                [*(figures[k] for k in FIGURES), extract_date, record_type.name, latest.status],
            )
        if latest is None and dates:
            latest = _stored_judgement(con, record_type.name, dates[-1])
        if latest is not None:
            judgements.append(latest)
    return LagGateResult(judgements)


def _stored_judgement(
    con: duckdb.DuckDBPyConnection, name: str, extract_date: dt.date
) -> Judgement:
    """The judgement already made for an extract measured on an earlier run."""
    row = con.execute(
        f"select {', '.join(FIGURES)}, status from {FIGURES_TABLE} "
        "where record_type = ? and extract_date = ?",
        [name, extract_date],
    ).fetchone()
    figures = dict(zip(FIGURES, row[: len(FIGURES)], strict=True))
    j = judge(name, figures, _history(con, name, extract_date), extract_date)
    # the stored status is the one the baseline uses; keep them the same
    j.status = row[len(FIGURES)]
    return j
