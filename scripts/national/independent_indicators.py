"""An independent pandas implementation of twelve of the warehouse's indicators.

Written for the national benchmark (issue 13, part 5) from the indicator
definitions (dbt/seeds/indicators.csv, docs, the models' comments), not from
the dbt SQL: nothing here is shared with dbt or dagster_project. It reads a
council's landing files (scripts/national/landing.py) and gives, per month
end of the council's reporting spine, each indicator's numerator and
denominator (denominator None for counts), in the shape of the warehouse's
`marts.indicator_values` month rows, so the two can be compared number for
number.

The indicators, chosen to cover every shape and four sources:
- as at the month end, social care episodes: lac_count, lac_family_based_pct,
  lac_3plus_placements_pct (placement stability over the rolling 12 months);
- a rate per 10,000 with the population source: lac_rate_per_10k;
- events in the month: lac_admissions_count, lac_ceased_count, adoptions_count;
- timeliness of a statutory cycle, with recording lag: lac_dental_up_to_date_pct,
  lac_health_assessment_up_to_date_pct;
- care leavers (episodes, header, OC3 contacts): care_leavers_count,
  care_leavers_eet_pct;
- the fostering tracker (XLSX): foster_households_count.

The documented rules that decide a number are followed (each is cited where
it is applied): periods of care chained by X1, short breaks left out,
nobody looked after on or after their 18th birthday, the DfE 31 March rule,
whole-month windows, the newest extract and recorded-by-the-night rule, the
episode repairs and quarantines of int_episodes_checked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scripts.national.landing import Council

SHORT_BREAK_LEGAL_STATUS = {"V3", "V4"}
TEMPORARY_PLACEMENT = {"T0", "T1", "T2", "T3", "T4"}
FAMILY_BASED_PLACEMENT = {"U1", "U2", "U3", "U4", "U5", "U6", "A3", "A4", "A5", "A6", "P1"}
ADOPTED_REASON_CEASED = {"E11", "E12"}
DIED_REASON_CEASED = {"E2"}
EET_ACTIVITY = {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"}
# Care leaver: looked after at least 13 weeks since the 14th birthday.
CARE_LEAVER_DAYS_SINCE_14 = 91
# The reporting spine never reaches back further than this (7 years).
SPINE_MAX_MONTHS = 84

INDICATORS = (
    "lac_count",
    "lac_rate_per_10k",
    "lac_family_based_pct",
    "lac_3plus_placements_pct",
    "lac_admissions_count",
    "lac_ceased_count",
    "adoptions_count",
    "lac_health_assessment_up_to_date_pct",
    "lac_dental_up_to_date_pct",
    "care_leavers_count",
    "care_leavers_eet_pct",
    "foster_households_count",
)


def months_before(month_end: pd.Timestamp, n: int) -> pd.Timestamp:
    """The month end n whole months earlier (28 Feb 2025 - 12 = 29 Feb 2024)."""
    return (month_end.to_period("M") - n).to_timestamp(how="end").normalize()


def window_start(month_end: pd.Timestamp, n: int) -> pd.Timestamp:
    """First day of the n whole months ending at month_end."""
    return months_before(month_end, n) + pd.Timedelta(days=1)


def month_windows(spine: list[pd.Timestamp]) -> pd.DataFrame:
    """Each month end with the windows the indicators look back over (computed once a
    month, then joined: per-row date arithmetic would dominate the run)."""
    return pd.DataFrame(
        {
            "month_end": spine,
            "from_12": [window_start(m, 12) for m in spine],
            "from_6": [window_start(m, 6) for m in spine],
            "before_12": [months_before(m, 12) for m in spine],
        },
        columns=["month_end", "from_12", "from_6", "before_12"],
    )


def years_after(dates: pd.Series, years: int) -> pd.Series:
    """Birthdays: 29 February falls on 28 February in a common year."""
    return dates + pd.DateOffset(years=years)


def age_on(birth: pd.Series, on: pd.Series) -> pd.Series:
    before_birthday = (on.dt.month * 100 + on.dt.day) < (birth.dt.month * 100 + birth.dt.day)
    return on.dt.year - birth.dt.year - before_birthday.astype(int)


# ---------------------------------------------------------------- month spine


def month_spine(council: Council) -> list[pd.Timestamp]:
    """Complete month ends from the history start to the as-of date: the month end
    12 months after the first review, visit or health assessment (the statutory
    cycles need a year behind them), else the first episode's month end; never
    more than 84 months back."""
    t = council.tables
    as_of = pd.Timestamp(council.as_of)
    firsts = [t["reviews"]["REVIEW"].min(), t["visits"]["VISIT_DATE"].min()]
    firsts.append(t["health_assessments"]["ASSESSMENT_DATE"].min())
    firsts = [d for d in firsts if pd.notna(d)]
    first_episode = t["episodes"]["DECOM"].min()
    if pd.isna(first_episode):
        return []
    if firsts:
        start = (min(firsts) + pd.DateOffset(months=12)).to_period("M")
    else:
        start = first_episode.to_period("M")
    start = max(start, (as_of - pd.DateOffset(months=SPINE_MAX_MONTHS)).to_period("M"))
    ends = pd.period_range(start, as_of.to_period("M"), freq="M").to_timestamp(how="end")
    return [e.normalize() for e in ends if e.normalize() <= as_of]


# ---------------------------------------------------------- periods of care


def checked_episodes(council: Council) -> pd.DataFrame:
    """Episodes with the documented sequence repairs applied and the unusable ones
    dropped (int_episodes_checked's rules): an episode ending after the child's
    next one starts ends then if X1, else at the earliest of the next start and
    the night it was recorded; an X1 with no end date ends at the next start;
    one starting before birth, or open with no reason while another follows,
    is quarantined. Short breaks are kept apart (never a "next episode")."""
    t = council.tables
    header = t["header"][["CHILD", "DOB", "UASC"]].drop_duplicates("CHILD")
    e = t["episodes"].merge(header, on="CHILD", how="left")
    e = e.sort_values(["CHILD", "DECOM"], kind="stable").reset_index(drop=True)
    e["is_short_break"] = e["LS"].isin(SHORT_BREAK_LEGAL_STATUS)
    e["is_before_birth"] = (e["DECOM"] < e["DOB"]).fillna(False)
    usable = ~e["is_short_break"] & ~e["is_before_birth"]
    e["next_start"] = pd.NaT
    e.loc[usable, "next_start"] = e[usable].groupby("CHILD")["DECOM"].shift(-1)
    e["next_start"] = pd.to_datetime(e["next_start"])
    has_next = e["next_start"].notna()
    open_with_no_reason = e["DEC"].isna() & e["REC"].isna()
    quarantined = (e["is_before_birth"] & ~e["is_short_break"]) | (has_next & open_with_no_reason)
    recorded = pd.to_datetime(e["RECORDED_AT"], format="%Y-%m-%dT%H:%M:%S").dt.normalize()
    late_end = has_next & (e["DEC"] > e["next_start"]) & ~quarantined
    x1_no_end = has_next & e["DEC"].isna() & (e["REC"] == "X1") & ~quarantined
    x1 = e["REC"] == "X1"
    e.loc[(late_end | x1_no_end) & x1, "DEC"] = e["next_start"]
    other = late_end & ~x1
    e.loc[other, "DEC"] = np.maximum(
        e.loc[other, "DECOM"], np.minimum(e.loc[other, "next_start"], recorded[other])
    )
    return e[~quarantined].reset_index(drop=True)


def sequenced_care_episodes(council: Council) -> pd.DataFrame:
    """Care episodes (short breaks out) numbered into periods of care and placements.

    A period of care starts at RNE S or after any reason ceased other than X1.
    A placement starts at a period's start and at each placement change (RNE
    other than L) that is not a temporary placement (T0-T4) nor the return to
    the carer (URN and postcode) left for a temporary placement or a gap."""
    e = checked_episodes(council)
    e = e[~e["is_short_break"]].sort_values(["CHILD", "DECOM"], kind="stable")
    e = e.reset_index(drop=True)
    e["is_temporary"] = e["PLACE"].isin(TEMPORARY_PLACEMENT)
    no_carer = e["URN"].isna() & e["PL_POST"].isna()
    e["carer"] = np.where(no_carer, e["PLACE"], e["URN"].fillna("") + "|" + e["PL_POST"].fillna(""))
    by_child = e.groupby("CHILD")
    previous_reason = by_child["REC"].shift(1)
    previous_end = by_child["DEC"].shift(1)
    after_gap = ((previous_reason == "X1") & (previous_end < e["DECOM"])).fillna(False)
    after_temporary = by_child["is_temporary"].shift(1).eq(True)
    # the carer of the latest earlier non-temporary episode of the child
    settled_carer = e["carer"].where(~e["is_temporary"])
    previous_settled = settled_carer.groupby(e["CHILD"]).shift(1)
    previous_settled = previous_settled.groupby(e["CHILD"]).ffill()
    e["is_period_start"] = (e["RNE"] == "S") | (previous_reason.fillna("") != "X1")
    returned = (after_temporary | after_gap) & (e["carer"] == previous_settled)
    e["is_placement_start"] = e["is_period_start"] | (
        (e["RNE"] != "L") & ~e["is_temporary"] & ~returned.fillna(False)
    )
    e["period"] = e.groupby("CHILD")["is_period_start"].cumsum()
    e["placement"] = e.groupby(["CHILD", "period"])["is_placement_start"].cumsum()
    return e


def periods_of_care(episodes: pd.DataFrame) -> pd.DataFrame:
    """One row per period: its start, and its end and reason from its latest episode;
    a period whose latest episode ended X1 is held open (its next episode is missing)."""
    last = episodes.groupby(["CHILD", "period"]).tail(1).set_index(["CHILD", "period"])
    periods = episodes.groupby(["CHILD", "period"]).agg(start=("DECOM", "min"))
    periods["end"] = last["DEC"]
    periods["reason"] = last["REC"]
    held_open = periods["reason"] == "X1"
    periods["end"] = pd.to_datetime(periods["end"].where(~held_open))
    periods["reason"] = periods["reason"].where(~held_open & periods["end"].notna())
    births = episodes.groupby(["CHILD", "period"])[["DOB"]].first()
    return periods.join(births).reset_index()


def placements(episodes: pd.DataFrame) -> pd.DataFrame:
    """One row per placement: start, settled type (its first episode's), and end: the
    next placement's start in the period, else its last episode's end unless X1."""
    keys = ["CHILD", "period", "placement"]
    grouped = episodes.groupby(keys)
    p = grouped.agg(start=("DECOM", "min"), place=("PLACE", "first")).reset_index()
    last = grouped.tail(1).set_index(keys)
    last_end = last["DEC"].where(last["REC"].fillna("") != "X1")
    p["next_start"] = p.groupby(["CHILD", "period"])["start"].shift(-1)
    own_end = pd.Series(p.set_index(keys).index.map(last_end), index=p.index)
    p["end"] = pd.to_datetime(p["next_start"].fillna(own_end))
    return p.drop(columns="next_start")


def looked_after_at(periods: pd.DataFrame, spine: list[pd.Timestamp]) -> pd.DataFrame:
    """Children looked after at each month end: a period started by then and not ended
    by it (leaving on the last day is not looked after), under 18; one row per child
    (the latest period when two are open)."""
    if not spine:
        return pd.DataFrame(columns=["month_end", "CHILD", "period", "start", "DOB"])
    months = pd.DataFrame({"month_end": spine})
    rows = months.merge(periods, how="cross")
    rows = rows[
        (rows["start"] <= rows["month_end"])
        & (rows["end"].isna() | (rows["month_end"] < rows["end"]))
        & (rows["DOB"].isna() | (years_after(rows["DOB"], 18) > rows["month_end"]))
    ]
    rows = rows.sort_values("start").groupby(["month_end", "CHILD"]).tail(1)
    return rows.reset_index(drop=True)


def placement_at(cohort: pd.DataFrame, places: pd.DataFrame) -> pd.Series:
    """The settled placement type of each cohort row at its month end."""
    joined = cohort.reset_index().merge(places, on=["CHILD", "period"], suffixes=("", "_p"))
    joined = joined[
        (joined["start_p"] <= joined["month_end"])
        & (joined["end_p"].isna() | (joined["month_end"] < joined["end_p"]))
    ]
    return joined.set_index("index")["place"].reindex(cohort.index)


# ------------------------------------------------------------------- indicators


def _rows(la_code: str, indicator: str, spine, numerators, denominators=None) -> list[dict]:
    return [
        {
            "la_code": la_code,
            "indicator_id": indicator,
            "period_end": month_end.date(),
            "numerator": float(numerators.get(month_end, 0)),
            "denominator": None if denominators is None else float(denominators.get(month_end, 0)),
        }
        for month_end in spine
    ]


def council_indicators(council: Council) -> pd.DataFrame:
    """Every month end's numerator and denominator of the twelve indicators, one council."""
    t, code = council.tables, council.la_code
    spine = month_spine(council)
    episodes = sequenced_care_episodes(council)
    periods = periods_of_care(episodes)
    places = placements(episodes)
    cohort = looked_after_at(periods, spine)
    rows: list[dict] = []

    looked_after = cohort.groupby("month_end").size()
    rows += _rows(code, "lac_count", spine, looked_after)
    rows += _rows(code, "lac_rate_per_10k", spine, looked_after, population_at(t, code, spine))

    cohort["place"] = placement_at(cohort, places)
    family = cohort[cohort["place"].isin(FAMILY_BASED_PLACEMENT)].groupby("month_end").size()
    rows += _rows(code, "lac_family_based_pct", spine, family, looked_after)
    rows += _rows(code, "lac_3plus_placements_pct", spine, three_plus(cohort, places), looked_after)

    for indicator, counts in events_in_month(periods, spine).items():
        rows += _rows(code, indicator, spine, counts)

    health, dental, oc2 = health_up_to_date(cohort, t["health_assessments"])
    rows += _rows(code, "lac_health_assessment_up_to_date_pct", spine, health, oc2)
    rows += _rows(code, "lac_dental_up_to_date_pct", spine, dental, oc2)

    leavers, eet = care_leavers(periods, t["oc3"], spine)
    rows += _rows(code, "care_leavers_count", spine, leavers)
    rows += _rows(code, "care_leavers_eet_pct", spine, eet, leavers)

    rows += _rows(code, "foster_households_count", spine, foster_households(t, spine))
    return pd.DataFrame(rows)


def population_at(tables, la_code: str, spine) -> dict:
    """The council's 0-17 mid-year estimate whose 30 June is the latest on or before
    each month end (before the first, the first)."""
    pop = tables["population"]
    pop = pop[pop["la_code"].astype(str) == la_code].sort_values("mid_year")
    found = {}
    for month_end in spine:
        known = pop[pd.to_datetime(pop["mid_year"].astype(str) + "-06-30") <= month_end]
        chosen = known.iloc[-1] if len(known) else (pop.iloc[0] if len(pop) else None)
        if chosen is not None:
            found[month_end] = chosen["population_0_17"]
    return found


def three_plus(cohort: pd.DataFrame, places: pd.DataFrame) -> pd.Series:
    """Cohort children with three or more placements open at any time in the 12 months
    to the month end (any period of care; temporary placements are not placements)."""
    windows = month_windows(sorted(cohort["month_end"].unique()))[["month_end", "from_12"]]
    joined = cohort[["month_end", "CHILD"]].merge(windows, on="month_end")
    joined = joined.merge(places[["CHILD", "start", "end"]], on="CHILD")
    joined = joined[
        (joined["start"] <= joined["month_end"])
        & (joined["end"].isna() | (joined["end"] >= joined["from_12"]))
    ]
    per_child = joined.groupby(["month_end", "CHILD"]).size()
    return per_child[per_child >= 3].groupby(level="month_end").size()


def events_in_month(periods: pd.DataFrame, spine) -> dict[str, pd.Series]:
    """Periods of care started, ended, and ended in adoption (E11/E12) in each month."""
    month = {m.to_period("M"): m for m in spine}

    def per_month(dates: pd.Series) -> pd.Series:
        months = dates.dt.to_period("M").map(month)
        return months.dropna().value_counts()

    ended = periods["end"].notna()
    adopted = ended & periods["reason"].isin(ADOPTED_REASON_CEASED)
    return {
        "lac_admissions_count": per_month(periods["start"]),
        "lac_ceased_count": per_month(periods.loc[ended, "end"]),
        "adoptions_count": per_month(periods.loc[adopted, "end"]),
    }


def health_up_to_date(cohort: pd.DataFrame, assessments: pd.DataFrame):
    """(health, dental, cohort) counts per month end. Cohort: looked after at the month
    end and continuously for at least 12 months (DfE OC2). Health: an IHA or RHA in the
    last 6 whole months under 5, 12 from 5; dental: a check in the last 12 months."""
    windows = month_windows(sorted(cohort["month_end"].unique()))
    oc2 = cohort.merge(windows, on="month_end")
    oc2 = oc2[oc2["start"] <= oc2["before_12"]].copy()
    oc2["age"] = age_on(oc2["DOB"], oc2["month_end"])
    oc2["w12"] = oc2["from_12"]
    oc2["health_from"] = oc2["from_12"].where(~(oc2["age"] < 5), oc2["from_6"])
    a = assessments[["CHILD", "ASSESSMENT_TYPE", "ASSESSMENT_DATE"]]
    joined = oc2[["month_end", "CHILD", "w12", "health_from"]].merge(a, on="CHILD")
    joined = joined[
        (joined["ASSESSMENT_DATE"] <= joined["month_end"])
        & (joined["ASSESSMENT_DATE"] >= joined["w12"])
    ]
    health = joined[
        joined["ASSESSMENT_TYPE"].isin({"IHA", "RHA"})
        & (joined["ASSESSMENT_DATE"] >= joined["health_from"])
    ]
    dental = joined[joined["ASSESSMENT_TYPE"] == "DENTAL"]

    def children(frame):
        return frame.drop_duplicates(["month_end", "CHILD"]).groupby("month_end").size()

    return children(health), children(dental), oc2.groupby("month_end").size()


def care_leavers(periods: pd.DataFrame, contacts: pd.DataFrame, spine):
    """(care leavers, of whom EET) per month end. Care leaver aged 17-21: looked after
    at least 91 days since 14, at some time at or after 16, not looked after at the
    month end, the latest period not ended in adoption or death; EET from the latest
    OC3 contact on or before the month end (no contact: not EET)."""
    p = periods[periods["DOB"].notna()]
    rows = pd.DataFrame({"month_end": spine}).merge(p, how="cross")
    rows = rows[rows["start"] <= rows["month_end"]].copy()
    end_or_now = rows["end"].fillna(rows["month_end"])
    from_14 = np.maximum(rows["start"], years_after(rows["DOB"], 14))
    to = np.minimum(end_or_now, rows["month_end"])
    rows["days_since_14"] = (to - from_14).dt.days.clip(lower=0)
    rows["at_16_plus"] = end_or_now >= years_after(rows["DOB"], 16)
    rows["looked_after_now"] = (rows["end"].isna() | (rows["end"] > rows["month_end"])) & (
        years_after(rows["DOB"], 18) > rows["month_end"]
    )
    rows = rows.sort_values("start", kind="stable")
    keys = ["month_end", "CHILD"]
    child = rows.groupby(keys).agg(
        days=("days_since_14", "sum"),
        at_16=("at_16_plus", "any"),
        now=("looked_after_now", "any"),
        dob=("DOB", "first"),
    )
    # the latest period's reason, blank included (a blank is not adoption or death)
    child["last_reason"] = rows.groupby(keys).tail(1).set_index(keys)["reason"]
    child = child.reset_index()
    child = child[
        (child["days"] >= CARE_LEAVER_DAYS_SINCE_14)
        & child["at_16"]
        & ~child["now"]
        & ~child["last_reason"].fillna("").isin(ADOPTED_REASON_CEASED | DIED_REASON_CEASED)
    ]
    age = age_on(child["dob"], child["month_end"])
    child = child[(age >= 17) & (age <= 21)]
    c = contacts[["CHILD", "CONTACT_DATE", "ACTIV"]].dropna(subset=["CONTACT_DATE"])
    joined = child[["month_end", "CHILD"]].merge(c, on="CHILD")
    joined = joined[joined["CONTACT_DATE"] <= joined["month_end"]]
    latest = joined.sort_values("CONTACT_DATE").groupby(["month_end", "CHILD"]).tail(1)
    eet = latest[latest["ACTIV"].isin(EET_ACTIVITY)].groupby("month_end").size()
    return child.groupby("month_end").size(), eet


def foster_households(tables, spine) -> dict:
    """In-house households approved on or before the month end and not deregistered by it."""
    h = tables["households"]
    approved, deregistered = h["approval_date"], h["deregistration_date"]
    return {
        m: int(((approved <= m) & (deregistered.isna() | (deregistered > m))).sum()) for m in spine
    }
