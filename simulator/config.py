"""Options of one run and the calibration profile of a simulated local authority.

What belongs here: every number that shapes the simulated LA (rates, shares,
durations, recording lags, defect rates), each with a comment saying where it
comes from. Modules that simulate read these numbers; they hold none of their
own. The papers quoted are the council reports in ../shared/seeds/ (a
metropolitan borough of about 57,000 children aged 0-17, 2017-2023) and the
DfE "Children looked after in England" statistics they benchmark against.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

# Default population: a metropolitan borough of the papers' size (ONS mid-year
# 0-17 population about 57,000).
DEFAULT_POPULATION = 57_000


@dataclass(frozen=True)
class LagSpec:
    """Recording lag of one record type: lognormal days, plus a share never recorded.

    median_days/sigma: lognormal lag (heavy right tail). never: share of
    records that never reach the system at all.
    """

    median_days: float
    sigma: float
    never: float = 0.0


@dataclass(frozen=True)
class Profile:
    """Calibration of a mid-sized metropolitan borough (the papers' LA)."""

    # --- Flow into care -------------------------------------------------
    # About 180 admissions a year at 57,000 children ("176 children became
    # looked after on 180 separate occasions" in 2021/22, seed 001).
    admissions_per_year: float = 180.0
    # Share of admissions that are re-entries of a child who went home
    # (DfE: roughly one in ten starts is a re-entry).
    reentry_share: float = 0.10
    # Age at entry bands (DfE CLA 2023 starts: under 1 19%, 1-4 14%, 5-9 15%,
    # 10-15 34%, 16+ 18%); UASC are drawn separately.
    age_band_weights: tuple[float, ...] = (0.19, 0.14, 0.15, 0.34, 0.18)
    # Unaccompanied asylum-seeking children: the papers' LA had about 10-30
    # UASC in care (509 of ~560 excluding UASC at Q3 2022/23, seed 001).
    uasc_share_of_admissions: float = 0.08
    # Children admitted together with siblings (same day, same carers).
    sibling_group_share: float = 0.18
    # Children on a series of short breaks (V3/V4), not counted as looked
    # after; about 30 such children at a time in a borough this size.
    short_break_children: float = 30.0

    # --- Ways out (weights per age band at entry: <1, 1-4, 5-9, 10-15, 16+) -
    # Chosen so that the stock is ~540 (rate 90-100 per 10,000), about 70
    # young people a year turn 18 in care (care leavers ~300), and the
    # ceased-by-reason mix resembles the IRO report's table (seed 001 L475).
    routes: tuple[str, ...] = ("home", "sgo", "cao", "adoption", "to18", "custody", "other")
    route_weights: tuple[tuple[float, ...], ...] = (
        (0.28, 0.18, 0.04, 0.36, 0.10, 0.00, 0.04),
        (0.34, 0.20, 0.05, 0.24, 0.13, 0.00, 0.04),
        (0.34, 0.15, 0.05, 0.03, 0.39, 0.00, 0.04),
        (0.31, 0.06, 0.03, 0.00, 0.53, 0.04, 0.03),
        (0.12, 0.00, 0.00, 0.00, 0.83, 0.03, 0.02),
    )
    # Median time in care by route (days; lognormal sigma 0.9/0.5). DfE: half of
    # children going home do so within about 8 months.
    home_median_days: float = 340.0
    sgo_median_days: float = 680.0
    cao_median_days: float = 450.0
    custody_median_days: float = 300.0
    other_median_days: float = 200.0
    # Young people leaving care at 18 who stay with their foster carers
    # ("staying put", REC E17): about a quarter of those in foster care.
    staying_put_share: float = 0.28

    # --- Placements -----------------------------------------------------
    # Share of children whose placements keep breaking down (drives the
    # 3+ placements in 12 months measure, 8-14% in the papers).
    unstable_share_young: float = 0.13
    unstable_share_teen: float = 0.30
    unstable_median_days: float = 150.0
    stable_median_days: float = 2500.0
    # Emergency first placements that end within weeks (more moves in the
    # first months of care).
    emergency_first_share: float = 0.30
    emergency_median_days: float = 35.0
    # Temporary placements (T0-T4: hospital, holiday, carer's absence) per
    # child-year.
    temporary_per_year: float = 0.05
    # Foster placements confirmed as long-term (U6->U4, U3->U1) after a year.
    long_term_conversion_share: float = 0.5
    # In-house (PR1) share of mainstream foster placements; the rest go to
    # independent fostering agencies (PR4). Fostering report: roughly half.
    in_house_foster_share: float = 0.55
    # Share of in-house family-and-friends carers among family-based starts.
    family_and_friends_share: float = 0.14

    # --- Adoption (timings from SHOBPA, days; A10/A2 averages in the papers
    # of ~450-550 days from entry to adoption) ---------------------------
    shobpa_median_days: float = 170.0
    placement_order_median_days: float = 90.0
    match_median_days: float = 130.0
    adoption_order_median_days: float = 200.0
    adoption_reversal_share: float = 0.08
    foster_carer_adoption_share: float = 0.15

    # --- Permanence orders in the legal-status record and long-term matches --
    # The papers count SGOs/CAOs "granted after a period of being looked
    # after (Legal Status)" at about twice the periods ending E41/E43-E48
    # (2021/22: 85 against 42, seed 000 L232-233): some orders are granted
    # before the period is closed, others months after a child went home.
    order_before_period_end_share: float = 0.25
    order_before_period_end_days: int = 42
    order_after_leaving_share: float = 0.40
    order_after_leaving_median_days: float = 150.0
    order_after_leaving_cao_share: float = 0.3
    # Long-term fostering matches approved by panel: most placements confirmed
    # long-term (U6->U4, U3->U1) follow a match; a few stable ones are matched
    # without the placement type changing.
    match_share_confirmed: float = 0.9
    match_share_stable: float = 0.15

    # --- Reviews, plans, visits (in-time shares: papers 85-98% and 90-98%) ---
    review_on_time: float = 0.92
    visit_on_time: float = 0.94
    pathway_plan_on_time: float = 0.88

    # --- Health (papers: IHA in time 60-85%, health up to date 80-92%,
    # dental 60-90%) ------------------------------------------------------
    iha_on_time: float = 0.72
    rha_late_share: float = 0.50
    rha_late_median_days: float = 60.0
    dental_late_share: float = 0.60
    dental_late_median_days: float = 80.0
    assessment_declined_teen: float = 0.04
    assessment_dna: float = 0.04

    # --- Risk and education ----------------------------------------------
    missing_prone_share_teen: float = 0.15
    missing_episodes_per_year_prone: float = 5.0
    yos_share_10plus: float = 0.06
    ehcp_share_school_age: float = 0.22
    pep_completion: float = 0.92
    suspension_share_per_year: float = 0.12
    permanent_exclusion_share_per_year: float = 0.002
    # Absence is concentrated: most children looked after attend well, a
    # minority miss a lot (the papers: overall absence 4.1-6.5%, persistent
    # absence, 10%+ of sessions, 11.7-16.6% in 2019, national about 10%).
    # Each child's absence rate is a beta draw: mean 4% for most, 20% for
    # the 11% prone to persistent absence (overall about 5-6%, persistent
    # absence about 13-16%). One beta for everyone (mean 7%) gave 6.9% and 24%.
    absence_mean_share: float = 0.04
    absence_prone_share: float = 0.11
    absence_prone_mean_share: float = 0.20
    reduced_timetable_share: float = 0.03

    # --- Care leavers (papers: suitable accommodation 90-98%, EET 55-75%) --
    care_leaver_to_25_share: float = 0.12
    care_leaver_in_touch: float = 0.97
    care_leaver_suitable: float = 0.975
    care_leaver_eet: float = 0.66

    # --- Fostering (papers: about 120 in-house households) ----------------
    mainstream_households: float = 75.0
    household_median_years: float = 7.0
    enquiries_per_approval: float = 5.0
    # Family-and-friends carers approved at panel whose child moves on (not
    # to an order with them) who stay approved for a while (lognormal days)
    # before they are deregistered; the rest are deregistered within weeks.
    ff_stay_approved_share: float = 0.4
    # Connected carers not approved at panel: the child moves on within this
    # many days of the decision (placements ending so soon after panel are
    # taken to be negative assessments; about a quarter of those assessed).
    ff_not_approved_days: int = 90
    ff_stay_approved_median_days: float = 180.0

    # --- Workforce: caseloads of about 15 (papers' LAC teams 14-18) ------
    # Posts are sized for the papers' stock (about 540 looked after, about 300
    # care leavers at 57,000 children).
    expected_lac: float = 540.0
    expected_care_leavers: float = 300.0
    children_per_worker: float = 15.0
    # A looked-after child is allocated to the least-loaded worker of this
    # many random posts (a manager balancing caseloads): the papers' maximum
    # caseload is 18-23 (2017: 18-19; 2019: 23) against averages of 14-18;
    # a purely random allocation (1) gives maxima of 25-34.
    allocation_candidates: int = 4
    care_leavers_per_adviser: float = 22.0

    # --- Recording lag per record type in the social care system ---------
    # Episodes a few days; visits days to weeks; health and dental in the case
    # system lag most (typed in weeks late: "delays in data input ... at least
    # two months are re-run", seed 002) and some never arrive; the nurse team's
    # own register is prompt (93% vs 81% up to date, seed 000).
    lag: dict[str, LagSpec] = field(
        default_factory=lambda: {
            "episode": LagSpec(3, 0.9),
            "episode_end": LagSpec(4, 1.0),
            "review": LagSpec(8, 0.8),
            "visit": LagSpec(5, 1.0),
            "plan": LagSpec(7, 0.9),
            "health_sc": LagSpec(28, 1.1, never=0.06),
            "dental_sc": LagSpec(35, 1.1, never=0.10),
            "health_team": LagSpec(3, 0.7),
            "missing": LagSpec(2, 0.8),
            "flag": LagSpec(14, 0.9),
            "adoption": LagSpec(7, 0.8),
            "legal_status": LagSpec(10, 0.9),
            "match": LagSpec(7, 0.8),
            "oc3": LagSpec(6, 0.9),
            "allocation": LagSpec(1, 0.8),
            "pep": LagSpec(10, 0.8),
            "fostering": LagSpec(5, 0.6),
        }
    )

    # --- Defects (share of a table's rows; well under the pipeline's 2%) ---
    defect_rates: dict[str, float] = field(
        default_factory=lambda: {
            "duplicate_row": 0.002,
            "invalid_code": 0.001,
            "missing_mandatory": 0.001,
            "date_before_birth": 0.0005,
            "future_date": 0.0005,
            "end_before_start": 0.0005,
            "overlapping_episodes": 0.001,
            # share of children with earlier periods of care whose latest end
            # date is copied into them (the LCS defect, seed 002 L2120)
            "end_date_copied": 0.03,
            # share of joint sibling visits recorded against one child only
            "sibling_visit_once": 0.15,
            # broken formula cells in the fostering tracker (at least one)
            "broken_formula": 0.01,
            # a period ended by an SGO/CAO recorded as ceased for another
            # reason (E8) while the legal status holds the order (share of
            # episode rows; eligible: those ending E41/E43-E48)
            "sgo_recorded_as_other_reason": 0.001,
        }
    )


# Record types a recording backlog can hit, and the case-system table each
# lives in (the lag gate's record types, dagster_project/gates/lag_gate.py).
BACKLOG_RECORD_TYPES: dict[str, tuple[str, str]] = {
    "health_assessments": ("social_care", "health_assessments"),
    "dental_checks": ("social_care", "health_assessments"),
    "initial_health_assessments": ("social_care", "health_assessments"),
    "reviews": ("social_care", "reviews"),
    "visits": ("social_care", "visits"),
    "peps": ("virtual_school", "peps"),
    "episodes": ("social_care", "episodes"),
}


@dataclass(frozen=True)
class Backlog:
    """A recording backlog: one record type stops reaching its system, then catches up.

    The papers' missed-confirmation process (2017: the nurse team's 93%
    against the case system's 81%): from `start`, for `weeks` weeks, nothing
    of `record_type` is typed in; every record that would have been recorded
    in that time is recorded in the catch-up after it.
    """

    record_type: str
    start: dt.date
    weeks: int

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(weeks=self.weeks)

    @staticmethod
    def parse(text: str) -> Backlog:
        """`TYPE:YYYY-MM-DD:WEEKS`, e.g. `visits:2026-09-01:3`."""
        name, start, weeks = text.split(":")
        if name not in BACKLOG_RECORD_TYPES:
            raise ValueError(f"unknown record type {name!r}: one of {sorted(BACKLOG_RECORD_TYPES)}")
        backlog = Backlog(name, dt.date.fromisoformat(start), int(weeks))
        if backlog.weeks < 1:
            raise ValueError("a backlog lasts at least one week")
        return backlog


# Why 5 working days of catch-up: a team clearing a backlog types it in over
# about a week (the papers' "re-run mid-month" picks most of it up).
BACKLOG_CATCH_UP_WORKING_DAYS = 5


@dataclass(frozen=True)
class Options:
    """One LA's run: where to write, which LA, which seed, which history."""

    out: str = "data/landing"
    la_code: str = "999"
    seed: int = 20261123
    start: dt.date = dt.date(2020, 4, 1)
    end: dt.date = dt.date(2026, 10, 31)
    extracts: int = 1
    population: int = DEFAULT_POPULATION
    clean: bool = False
    defect_rate: float = 1.0
    nights: tuple[dt.date, ...] = ()
    write_truth: bool = True
    # recording backlogs to inject (none by default; --backlog)
    backlogs: tuple[Backlog, ...] = ()
    # Years simulated before `start` so the stock, care leavers and long-term
    # placements are realistic from the first month (a child in care at start
    # may have come in 18 years before; care leavers are up to 25).
    warmup_years: int = 19

    def scaled(self) -> float:
        return self.population / DEFAULT_POPULATION

    def with_(self, **kw) -> Options:
        return replace(self, **kw)

    def extract_nights(self) -> list[dt.date]:
        if self.nights:
            return sorted(set(self.nights))
        return [self.end - dt.timedelta(days=i) for i in range(self.extracts - 1, -1, -1)]
