"""The lag gate's thresholds and the figures it judges, each with why it is that number."""

from __future__ import annotations

import math
from dataclasses import dataclass

NORMAL, ABNORMAL, NO_BASELINE = "normal", "abnormal", "insufficient_baseline"

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
# week (initial health assessments, about 3) are left to SILENCE_LIMIT.
COLLAPSE_SHARE = 0.1
COLLAPSE_MIN_WEEKLY = 7

# A sudden stop: this week holds at most a tenth of the week before, which
# held at least 20. Seasonal record types (PEPs) have a usual week that mixes
# term and holiday, too low to show a stop at the start of a term; but
# seasons change over weeks (the simulated PEPs fall by at most two thirds
# from one week to the next at a half term), while a Poisson count of 20
# falls to 2 or fewer by chance about once in two million weeks.
SUDDEN_STOP_MIN_WEEKLY = 20

# A rare record type gone silent. Initial health assessments reach the case
# system about 3 times a week: a week without one happens on 6% of normal
# nights, so no 7-day count can tell a stopped process from chance. The
# time since the last record can, because it keeps growing: with the usual
# weekly count u spread over 5 working days, g working days without a record
# happen by chance on a share exp(-g * u / 5) of nights (Poisson). Why 2.5%:
# the issue allows warnings on 5% of normal nights, the other rules use
# almost none of it (scripts/measure_lag_gate.py), and this rule may spend
# half of it; it means 7 working days without an initial health assessment
# at 3 a week, reached within 7 nights of a stop unless the last record
# before it came on the stop's eve. Lower shares cost days of detection: 1%
# needs 8-9 working days, past the 7 nights. Only for the types under
# COLLAPSE_MIN_WEEKLY both lately and in the same weeks last year: the busier
# ones are judged sooner by their weekly count, and their gaps of a few days
# (a bank holiday) are not a stop; and not for record types that follow the
# school year (TERM_TIME_RECORD_TYPES), nor where the same weeks last year
# were as silent. Measured (scripts/measure_lag_gate.py, seeds 20261123 and
# 7): it warned on 23 and 17 of about 740 normal nights of initial health
# assessments (3.1%, 2.3%: recording bunches on Mondays, a little more than
# Poisson), the gate stayed quiet on 98% and 99% of normal nights, and both
# seeds' initial health assessment backlogs were caught in 3 and 4 nights.
SILENCE_LIMIT = math.log(1 / 0.025)
# PEP meetings stop in the school holidays: weeks without one are a season,
# not a stop, and the holidays move from year to year. Measured with the
# rule on, the PEPs' silences in the holidays warned on 35 normal nights
# and, kept out of the baseline, made their weekly count warn more often.
TERM_TIME_RECORD_TYPES = frozenset({"peps"})
WORKING_DAYS_A_WEEK = 5

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
# records, and warned on 5-10% of normal nights in the measurement. The
# working days since the last record are judged by SILENCE_LIMIT, not
# against their median; the median is shown beside tonight's.
REPORTED_ONLY = ("p90_lag_days", "working_days_since_last")
