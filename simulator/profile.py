"""The calibration profile of a simulated local authority.

What belongs here: every number that shapes the simulated LA (rates, shares,
probabilities, mixes of codes, durations, recording lags, defect rates), each
with a comment saying where it comes from or why it is that value. Modules
that simulate read these numbers; they hold none of their own. The papers
quoted are the council reports in ../shared/seeds/ (a metropolitan borough of
about 57,000 children aged 0-17, 2017-2023) and the DfE "Children looked
after in England" statistics they benchmark against.

Codes drawn from a mix are checked against the data contract's code lists
(simulator/codes.py) when the profile is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.codes import check_codes


@dataclass(frozen=True)
class Mix:
    """Codes drawn with these relative weights.

    The order is part of the draw (a cumulative table over the weights):
    reordering the codes changes which child gets which code. `code_list`
    names the contract code group or list the codes must come from.
    """

    codes: tuple[str, ...]
    weights: tuple[float, ...]
    code_list: str | None = None

    def __post_init__(self) -> None:
        if len(self.codes) != len(self.weights):
            raise ValueError(f"{len(self.codes)} codes but {len(self.weights)} weights")
        if self.code_list is not None:
            check_codes(self.code_list, self.codes)


def mix(weights: dict, code_list: str | None = None) -> Mix:
    """A Mix from {code: weight}, in the dict's order."""
    return Mix(tuple(weights), tuple(weights.values()), code_list)


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
    # Admissions (not UASC, under 16) that bring one or two siblings with
    # them on the same day, to the same carers: 15% of arrivals, so that about
    # a quarter of children admitted come with a brother or sister.
    sibling_group_share: float = 0.15
    # Of those groups, the share of pairs (the rest are three children).
    sibling_pair_share: float = 0.7
    # Mean size of a sibling group: 2 x 0.7 + 3 x 0.3 (written out because
    # the admissions rate divides by it; a test checks it agrees).
    mean_sibling_group_size: float = 2.3
    # UASC arrive aged 16-17 mostly (DfE: most UASC in care are 16 or 17);
    # this share may arrive from 14.
    uasc_from_14_share: float = 0.3
    # Boys among children in care (DfE CLA: about 55%) and among UASC (over 90%).
    male_share: float = 0.55
    male_share_uasc: float = 0.9
    # Ethnicity of children in care: a northern metropolitan borough, about
    # 80% White British (the papers' LA; DfE CLA 2023 England: 72% White).
    ethnicity: Mix = mix(
        {
            "WBRI": 0.78,
            "WIRI": 0.003,
            "WOTH": 0.02,
            "WROM": 0.01,
            "MWBC": 0.03,
            "MWBA": 0.005,
            "MWAS": 0.01,
            "MOTH": 0.02,
            "AIND": 0.005,
            "APKN": 0.03,
            "ABAN": 0.003,
            "AOTH": 0.005,
            "BCRB": 0.005,
            "BAFR": 0.015,
            "BOTH": 0.005,
            "CHNE": 0.002,
            "OOTH": 0.02,
            "REFU": 0.005,
            "NOBT": 0.002,
        },
        "ethnicity",
    )
    # UASC ethnicities, drawn uniformly from this list (AOTH twice: any other
    # Asian background is the most common among UASC).
    uasc_ethnicities: tuple[str, ...] = ("AOTH", "BAFR", "OOTH", "AOTH", "BOTH")
    # Category of need at entry (DfE CLA 2023: abuse or neglect, N1, about 2/3).
    category_of_need: Mix = mix(
        {
            "N1": 0.62,
            "N2": 0.03,
            "N3": 0.03,
            "N4": 0.08,
            "N5": 0.14,
            "N6": 0.02,
            "N7": 0.003,
            "N8": 0.077,
        },
        "cin",
    )
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
    # Staying put is drawn for those in foster care at 18 with
    # staying_put_share / this, taking about 80% of those turning 18 in care to
    # be in foster care.
    foster_share_at_18: float = 0.8
    # Reason ceased at 18 for those not staying put: independent living with
    # support (E5) most, without formal support (E6), any other reason (E8),
    # adult residential care (E7); chosen to resemble the IRO report's table.
    ceased_at_18: Mix = mix({"E5": 0.55, "E6": 0.15, "E8": 0.27, "E7": 0.03}, "reason_ceased")
    # Going home: to parents as part of the care plan (E4A) mostly, not as
    # part of it (E4B), or to someone without parental responsibility (E13).
    ceased_home: Mix = mix({"E4A": 0.75, "E4B": 0.1, "E13": 0.15}, "reason_ceased")
    # Special guardianship orders: to former foster carers (E45 relatives or
    # friends, E46 others) or other carers (E47 relatives or friends, E48
    # others); chosen to resemble the IRO report's table (seed 001 L475).
    ceased_sgo: Mix = mix({"E45": 0.35, "E46": 0.15, "E47": 0.4, "E48": 0.1}, "sgo_reason_ceased")
    # Custody route: half are on remand (legal status J2), for a couple of
    # months; remand ends (E14) or leads to a sentence (E9).
    custody_remand_share: float = 0.5
    remand_median_days: float = 60.0
    ceased_remand: Mix = mix({"E14": 0.7, "E9": 0.3}, "reason_ceased")
    # Other ways out (not UASC): any other reason (E8) most, care taken over
    # by another LA (E3), moved abroad (E16), died (E2).
    ceased_other: Mix = mix({"E8": 0.6, "E3": 0.25, "E16": 0.13, "E2": 0.02}, "reason_ceased")
    # UASC stay to 18 unless an age assessment finds them 18 or over (E15):
    # about one in ten.
    uasc_to_18_share: float = 0.9
    # A child whose adoption decision is reversed leaves on an SGO (E47) half
    # the time, otherwise stays in care to 18 (an even split: no source).
    reversed_adoption_sgo_share: float = 0.5
    # Children who went home and come back into care later, chosen with
    # reentry_share so that about one in ten admissions is a re-entry.
    reentry_after_home_share: float = 0.28

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
    # Foster care's share of family-based starts (the rest placed with
    # parents, P1, or for adoption): the connected-carer share among foster
    # starts is family_and_friends_share / this.
    foster_share_of_family_based: float = 0.85
    # New placements by age (DfE CLA placement mix by age: foster care for
    # most; children's homes, K2, for a quarter of 10-15s; supported
    # accommodation, H5, from 16); "foster" is split into connected,
    # in-house and agency carers.
    placement_under_1: Mix = mix({"foster": 0.93, "P1": 0.04, "R3": 0.03})
    placement_1_to_9: Mix = mix({"foster": 0.93, "P1": 0.05, "K2": 0.02})
    placement_10_to_15: Mix = mix({"foster": 0.67, "P1": 0.05, "K2": 0.26, "K1": 0.01, "R5": 0.01})
    placement_16_plus: Mix = mix(
        {"foster": 0.40, "H5": 0.36, "K2": 0.15, "P2": 0.03, "P1": 0.03, "Z1": 0.03}
    )
    # UASC aged 16+ mostly go to supported accommodation (H5).
    placement_uasc_16_plus: Mix = mix({"foster": 0.4, "H5": 0.52, "K2": 0.08})
    # Children's homes (K2): mostly private (PR4), some the LA's own (PR1)
    # or voluntary (PR5).
    childrens_home_provider: Mix = mix({"PR1": 0.2, "PR4": 0.7, "PR5": 0.1}, "place_provider")
    # Temporary placements (T0-T4): an assumed mix, T1 most often.
    temporary_placement: Mix = mix(
        {"T1": 0.4, "T3": 0.3, "T4": 0.2, "T0": 0.1}, "temporary_placement"
    )
    # Why a placement ended (REASON_PLACE_CHANGE): the LA's request (LAREQ)
    # and a change of placement plan (PLACE) most often, then the carers
    # (CARPL); an assumed mix, not a published one.
    placement_change_reason: Mix = mix(
        {
            "CARPL": 0.2,
            "LAREQ": 0.24,
            "CHILD": 0.1,
            "PLACE": 0.26,
            "ALLEG": 0.03,
            "STAND": 0.05,
            "CREQB": 0.05,
            "CLOSE": 0.02,
            "OTHER": 0.05,
        },
        "reason_place_change",
    )
    # Short breaks: an agreed series (V4) most of the time, single breaks
    # (V3) otherwise (an assumed split).
    short_break_series_share: float = 0.7

    # --- Adoption (timings from SHOBPA, days; A10/A2 averages in the papers
    # of ~450-550 days from entry to adoption) ---------------------------
    shobpa_median_days: float = 170.0
    placement_order_median_days: float = 90.0
    match_median_days: float = 130.0
    adoption_order_median_days: float = 200.0
    adoption_reversal_share: float = 0.08
    foster_carer_adoption_share: float = 0.15
    # Adopters: couples half the time; couples mostly a man and a woman,
    # married (L11) mostly; single adopters mostly women (assumed shares).
    adopter_couple_share: float = 0.5
    couple_adopters: Mix = mix({"MF": 0.84, "MM": 0.08, "FF": 0.08}, "sex_adoptr")
    couple_legal_status: Mix = mix({"L11": 0.7, "L12": 0.1, "L2": 0.2}, "ls_adoptr")
    single_adopter: Mix = mix({"F1": 0.85, "M1": 0.15}, "sex_adoptr")
    # Decisions reversed (REASON_PLACED_CEASED RD1-RD4): drawn uniformly.
    adoption_reversal_reasons: tuple[str, ...] = ("RD1", "RD2", "RD3", "RD4")
    # Placed for adoption with parental consent (A3/A4) rather than under a
    # placement order (A5/A6): a minority.
    adoption_consent_share: float = 0.1
    # Adopted with the application unopposed (E11) or with consent
    # dispensed with (E12).
    adoption_reason_ceased: Mix = mix({"E11": 0.7, "E12": 0.3}, "adopted_reason_ceased")
    # Provider of the adoptive placement: the LA (PR1) mostly, others (PR2,
    # PR5); an assumed mix.
    adoption_provider: Mix = mix({"PR1": 0.6, "PR2": 0.2, "PR5": 0.2}, "place_provider")

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

    # --- Legal status at entry (not UASC, not remand) ----------------------
    # A few children come in under police protection (L1) or an emergency
    # protection order (L2), and most of them move to an interim care order
    # (C1) within days; the rest start accommodated under section 20 (V2).
    police_protection_share: float = 0.04
    emergency_protection_share: float = 0.03
    interim_order_after_protection_share: float = 0.7
    # Interim care orders at entry by age band (<1, 1-4, 5-9, 10-15, 16+):
    # proceedings are usual for babies and rare for 16-year-olds (DfE CLA:
    # about three in four looked-after children are on care orders, fewer
    # among older entrants).
    interim_order_share_by_band: tuple[float, ...] = (0.55, 0.55, 0.45, 0.35, 0.12)
    # Children accommodated under section 20 whose plan is adoption, SGO, CAO
    # or to stay in care: this share go into proceedings (V2 -> C1) later.
    interim_order_later_share: float = 0.6

    # --- Reviews, plans, visits (in-time shares: papers 85-98% and 90-98%) ---
    review_on_time: float = 0.92
    visit_on_time: float = 0.94
    pathway_plan_on_time: float = 0.88
    # How the child took part in the review (PN1 attended and spoke for
    # themselves most often); under-4s are PN0. An assumed mix.
    review_participation: Mix = mix(
        {
            "PN1": 0.45,
            "PN2": 0.15,
            "PN3": 0.12,
            "PN4": 0.1,
            "PN5": 0.08,
            "PN6": 0.05,
            "PN7": 0.05,
        },
        "review_code",
    )
    # Children aged 5+ seen alone at a visit (most, as the statutory guidance
    # expects; some decline or are too young to be asked).
    seen_alone_share: float = 0.7

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
    # Teenagers not prone to going missing still do, rarely (about one
    # incident in twelve years of care).
    missing_episodes_per_year_other: float = 0.08
    # Missing episodes ending the same day (no duration), and the share that
    # are "missing" (M) rather than "away from placement without
    # authorisation" (A).
    missing_same_day_share: float = 0.4
    missing_not_away_share: float = 0.8
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
    # Between two contacts, a care leaver's activity changes with this
    # chance, their accommodation with this one (both slow to change).
    activity_change_share: float = 0.15
    accommodation_change_share: float = 0.12
    # Activity codes drawn (OC3 ACTIV): EET codes (F full time, P part time;
    # 1 higher education, 2 other education, 4 training or employment, 5
    # other) and NEET ones (G4 illness or disability, G5 other, G6
    # pregnancy or parenting). Assumed mixes within the EET share.
    eet_activity: Mix = mix(
        {
            "F1": 0.08,
            "P1": 0.02,
            "F2": 0.3,
            "P2": 0.05,
            "F4": 0.15,
            "P4": 0.05,
            "F5": 0.25,
            "P5": 0.1,
        },
        "eet_activity",
    )
    neet_activity: Mix = mix({"G4": 0.3, "G5": 0.55, "G6": 0.15}, "activity")
    # Suitable accommodation (suffix 1): with parents or relatives (U1),
    # semi-independent (D1), with former carers (B1), ...; unsuitable (suffix
    # 2) drawn uniformly. Assumed mixes within the suitable share.
    suitable_accommodation: Mix = mix(
        {
            "U1": 0.32,
            "D1": 0.22,
            "B1": 0.16,
            "E1": 0.1,
            "T1": 0.06,
            "K1": 0.06,
            "C1": 0.04,
            "Y1": 0.04,
        },
        "accommodation",
    )
    unsuitable_accommodation: tuple[str, ...] = ("S2", "W2", "V2", "X2", "B2", "U2")
    # Not in touch: drawn uniformly between "no" and "refused".
    not_in_touch: tuple[str, ...] = ("NO", "REFU")

    # --- Fostering (papers: about 120 in-house households) ----------------
    mainstream_households: float = 75.0
    household_median_years: float = 7.0
    enquiries_per_approval: float = 5.0
    # Enquiries that never convert: some get as far as an assessment.
    enquiry_assessed_share: float = 0.35
    # Places a mainstream household is approved for (one to three children).
    places_approved: Mix = mix({1: 0.3, 2: 0.45, 3: 0.25})
    # Why mainstream carers leave (the papers' deregistration tables: mostly
    # retirement and changes in circumstances).
    mainstream_deregistration_reason: Mix = mix(
        {
            "RETIRED": 0.28,
            "CHANGE_IN_CIRCUMSTANCES": 0.30,
            "MOVED_AREA": 0.10,
            "TRANSFERRED_AGENCY": 0.16,
            "SGO_OR_ADOPTION": 0.06,
            "STANDARDS_OF_CARE": 0.04,
            "OTHER": 0.06,
        },
        "deregistration_reason",
    )
    # Connected carers who stay approved, then go: change in circumstances
    # or other, evenly (no source).
    ff_leaving_change_in_circumstances_share: float = 0.5
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
    # Full-time equivalent of a post's worker: most full time.
    worker_fte: Mix = mix({"1.0": 0.8, "0.8": 0.14, "0.6": 0.06})
    # A case passed to the next worker the next day, otherwise after a gap
    # of 2-20 days (a duty worker holds it meanwhile).
    reallocation_next_day_share: float = 0.8

    # --- Recording lag per record type in the social care system ---------
    # A few records are typed in on the day itself; most recording is done on
    # working days, so an event due to be typed in at a weekend is usually
    # pushed to the Monday.
    same_day_recording_share: float = 0.08
    weekend_pushed_share: float = 0.85
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
