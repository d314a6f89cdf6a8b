"""Indicator values computed from the simulator's event truth (not pipeline output).

Definitions are the papers' (DfE-style) ones, simplified where the papers
are silent; each function says what it counts. Dates are pandas Timestamps.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from contract import load_contract

GROUPS = load_contract().code_groups
# The pipeline's end-to-end test uses about this size and history.
SMALL = {"population": 6000, "start": dt.date(2023, 4, 1), "end": dt.date(2024, 3, 31)}

# The pipeline's windows these figures follow, in months back from a month end.
# test_sim_indicator_definitions.py asserts each equals the dbt source
# (int_indicators_placement_stability.sql, health_assessment_indicators.sql),
# so the two cannot drift apart.
PLACEMENTS_WINDOW_MONTHS = 12  # 3+ placements: placements in the 12 months to the month end
THREE_PLUS = 3
LONG_TERM_LOOKED_AFTER_MONTHS = 30  # long-term stability: looked after 2.5 years ...
LONG_TERM_SAME_CARERS_MONTHS = 24  # ... in the same placement for 2 years ...
LONG_TERM_UNDER_AGE = 16  # ... aged under 16
HEALTH_COHORT_MONTHS = 12  # health: looked after 12 months or more
HEALTH_UNDER_5_MONTHS = 6  # an assessment in the last 6 months under 5 ...
HEALTH_MONTHS = 12  # ... 12 months from 5
HEALTH_YOUNG_AGE = 5
DENTAL_MONTHS = 12  # dental: a check in the last 12 months


def months_before(month_end: pd.Timestamp, months: int) -> pd.Timestamp:
    """The month end `months` earlier (dbt's month_end_months_before: 29 Feb 2024
    is 12 months before 28 Feb 2025)."""
    return month_end - pd.DateOffset(months=months) + pd.offsets.MonthEnd(0)


class TruthData:
    def __init__(self, truth_dir: Path) -> None:
        def read(name: str) -> pd.DataFrame:
            return pd.read_parquet(truth_dir / f"{name}.parquet")

        self.children = read("children")
        self.periods = read("periods")
        self.episodes = read("episodes")
        self.reviews = read("reviews")
        self.visits = read("visits")
        self.assessments = read("assessments")
        self.care_leavers = read("care_leavers")
        self.oc3 = read("oc3")
        self.households = read("households")
        self.dob = self.children.set_index("idx")["dob"]

    # --- cohorts -----------------------------------------------------------
    def lac_periods(self, d: pd.Timestamp) -> pd.DataFrame:
        """Periods of care (not short breaks) open at the end of day d."""
        p = self.periods[self.periods["short_break"] == 0]
        return p[(p["start"] <= d) & (p["end"].isna() | (p["end"] > d))]

    def lac_count(self, d) -> int:
        return len(self.lac_periods(d))

    def current_episodes(self, d) -> pd.DataFrame:
        e = self.episodes
        cur = e[(e["DECOM"] <= d) & (e["DEC"].isna() | (e["DEC"] > d))]
        return cur[~cur["LS"].isin(GROUPS["short_break_legal_status"])]

    # --- placements ------------------------------------------------------------
    def family_based_pct(self, d) -> float:
        cur = self.current_episodes(d)
        return cur["PLACE"].isin(GROUPS["family_based_placement"]).mean() * 100

    def three_plus_placements_pct(self, d) -> float:
        """LAC at d with 3+ placements (distinct successive carers, temporary
        placements excluded) during the 12 months to d."""
        lac = set(self.lac_periods(d)["idx"])
        e = self.episodes
        w0 = months_before(d, PLACEMENTS_WINDOW_MONTHS)
        win = e[
            e["idx"].isin(lac)
            & (e["DECOM"] <= d)
            & (e["DEC"].isna() | (e["DEC"] > w0))
            & ~e["PLACE"].isin(GROUPS["temporary_placement"])
        ].sort_values(["idx", "DECOM"])
        changes = win.groupby("idx")["carer"].apply(lambda s: int((s != s.shift()).sum()))
        return (changes >= THREE_PLUS).sum() / len(lac) * 100

    def long_term_stability_pct(self, d) -> float:
        """Children under 16 looked after 2.5 years or more, in the same placement
        (same carers) for 2 years or more, or placed for adoption."""
        per = self.lac_periods(d)
        per = per[per["start"] <= months_before(d, LONG_TERM_LOOKED_AFTER_MONTHS)]
        ages = (d - pd.DatetimeIndex(self.dob.loc[per["idx"]].to_numpy())).days / 365.25
        per = per[np.asarray(ages) < LONG_TERM_UNDER_AGE]
        e = self.episodes
        num = 0
        for idx, k in zip(per["idx"], per["period"], strict=True):
            eps = e[(e["idx"] == idx) & (e["period"] == k) & (e["DECOM"] <= d)]
            eps = eps[~eps["PLACE"].isin(GROUPS["temporary_placement"])].sort_values("DECOM")
            carer = eps["carer"].iloc[-1]
            since = eps["DECOM"].iloc[-1]
            for _, row in eps.iloc[::-1].iterrows():
                if row["carer"] != carer:
                    break
                since = row["DECOM"]
            placed_adopt = eps["PLACE"].iloc[-1] in GROUPS["placed_for_adoption"]
            num += since <= months_before(d, LONG_TERM_SAME_CARERS_MONTHS) or placed_adopt
        return num / len(per) * 100

    # --- health ------------------------------------------------------------------
    def _cohort_12m(self, d) -> pd.DataFrame:
        per = self.lac_periods(d)
        return per[per["start"] <= months_before(d, HEALTH_COHORT_MONTHS)]

    def health_up_to_date_pct(self, d, recorded_by=None, rec_col="rec_social_care") -> float:
        """Looked after 12 months+ at d: a completed health assessment (IHA or
        RHA) within 12 months (6 months under 5). With recorded_by, only
        assessments recorded in the case system by then count."""
        return self._up_to_date(
            d, ("IHA", "RHA"), recorded_by, rec_col, HEALTH_UNDER_5_MONTHS, HEALTH_MONTHS
        )

    def dental_up_to_date_pct(self, d) -> float:
        return self._up_to_date(d, ("DENTAL",), None, None, DENTAL_MONTHS, DENTAL_MONTHS)

    def _up_to_date(self, d, types, recorded_by, rec_col, under5_months, months) -> float:
        """Share of the 12-month cohort with an assessment of `types` since the
        month end `under5_months` (under 5) or `months` (from 5) before d."""
        cohort = self._cohort_12m(d)
        a = self.assessments
        a = a[a["type"].isin(types) & (a["outcome"] == "COMPLETED") & (a["date"] <= d)]
        if recorded_by is not None:
            a = a[a[rec_col].notna() & (a[rec_col] <= recorded_by)]
        last = a.groupby("idx")["date"].max()
        ok = 0
        for idx in cohort["idx"]:
            if idx not in last.index:
                continue
            age = (d - self.dob.loc[idx]).days / 365.25
            window = under5_months if age < HEALTH_YOUNG_AGE else months
            ok += last.loc[idx] > months_before(d, window)
        return ok / len(cohort) * 100

    def iha_in_time_pct(self, d) -> float:
        """Periods starting in the 12 months to d (lasting 20 working days):
        IHA held by its due date."""
        p = self.periods[(self.periods["short_break"] == 0)]
        w0 = d - pd.Timedelta(days=365)
        p = p[(p["start"] > w0) & (p["start"] <= d - pd.Timedelta(days=60))]
        p = p[p["end"].isna() | ((p["end"] - p["start"]).dt.days > 28)]
        a = self.assessments[self.assessments["type"] == "IHA"]
        a = a.merge(p[["idx", "start"]], on="idx")
        a = a[(a["date"] >= a["start"]) & (a["date"] <= a["start"] + pd.Timedelta(days=200))]
        in_time = a[a["date"] <= a["due"]].drop_duplicates(["idx", "start"])
        return len(in_time) / len(p) * 100

    # --- reviews and visits -------------------------------------------------------
    def reviews_in_time_pct(self, d) -> float:
        r = self.reviews[(self.reviews["REVIEW"] <= d)]
        r = r[r["REVIEW"] > d - pd.Timedelta(days=365)]
        return (r["REVIEW"] <= r["due"]).mean() * 100

    def visits_in_time_pct(self, d) -> float:
        v = self.visits[(self.visits["VISIT_DATE"] <= d)]
        v = v[v["VISIT_DATE"] > d - pd.Timedelta(days=365)]
        return (v["VISIT_DATE"] <= v["due"]).mean() * 100

    # --- care leavers ---------------------------------------------------------------
    def care_leavers_at(self, d) -> pd.DataFrame:
        cl = self.care_leavers
        return cl[(cl["b18"] <= d) & (cl["service_end"] > d)]

    def _latest_contact(self, d) -> pd.DataFrame:
        cl = self.care_leavers_at(d)
        o = self.oc3[(self.oc3["CONTACT_DATE"] <= d) & self.oc3["idx"].isin(cl["idx"])]
        latest = o.sort_values("CONTACT_DATE").groupby("idx").tail(1)
        return cl[["idx"]].merge(latest, on="idx", how="left")

    def care_leavers_suitable_pct(self, d) -> float:
        x = self._latest_contact(d)
        suffixes = tuple(GROUPS["suitable_accommodation_suffix"])
        return x["ACCOM"].fillna("0").str.endswith(suffixes).mean() * 100

    def care_leavers_eet_pct(self, d) -> float:
        x = self._latest_contact(d)
        return x["ACTIV"].isin(GROUPS["eet_activity"]).mean() * 100

    def foster_households(self, d) -> int:
        h = self.households
        return int(((h["approval_date"] <= d) & (h["deregistration_date"].isna()
                    | (h["deregistration_date"] > d))).sum())  # fmt: skip
