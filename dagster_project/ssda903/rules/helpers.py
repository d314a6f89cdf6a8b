"""Shared building blocks of the rules: ages, episode order, periods of care."""

from __future__ import annotations

import pandas as pd

from dagster_project.ssda903.problems import ReadProblem

# Short breaks (legal status V3/V4) are not counted as looked after in the
# DfE's cohorts (OC2 "looked after for 12 months" leaves them out).
SHORT_BREAKS = ("V3", "V4")


def age_at(dob: pd.Series, when: pd.Series | pd.Timestamp) -> pd.Series:
    """Whole years of age on a date (NaN where either date is missing)."""
    when = pd.Series(when, index=dob.index) if isinstance(when, pd.Timestamp) else when
    years = when.dt.year - dob.dt.year
    before_birthday = (when.dt.month < dob.dt.month) | (
        (when.dt.month == dob.dt.month) & (when.dt.day < dob.dt.day)
    )
    return years - before_birthday.astype("float")


def with_dob(frame: pd.DataFrame, header: pd.DataFrame) -> pd.Series:
    """The header's date of birth for each row of `frame` (by CHILD)."""
    dob = header.drop_duplicates("CHILD").set_index("CHILD")["DOB"]
    return frame["CHILD"].map(dob)


def ordered_episodes(episodes: pd.DataFrame) -> pd.DataFrame:
    """Episodes with a known start, in order, with the neighbouring episode's fields."""
    eps = episodes[episodes["DECOM"].notna() & episodes["CHILD"].notna()]
    eps = eps.sort_values(["CHILD", "DECOM"], kind="stable")
    by_child = eps.groupby("CHILD", sort=False)
    return eps.assign(
        PREV_DEC=by_child["DEC"].shift(1),
        PREV_REC=by_child["REC"].shift(1),
        PREV_PLACE=by_child["PLACE"].shift(1),
        PREV_LS=by_child["LS"].shift(1),
        NEXT_DECOM=by_child["DECOM"].shift(-1),
        IS_FIRST=by_child.cumcount() == 0,
        IS_LAST=by_child.cumcount(ascending=False) == 0,
    )


def periods_of_care(episodes: pd.DataFrame) -> pd.DataFrame:
    """One row per period of care: CHILD, START, END (NaT while open).

    An episode continues the previous one when that one ended with X1 on the
    day this one starts; anything else starts a new period.
    """
    eps = ordered_episodes(episodes)
    continues = (eps["PREV_REC"] == "X1") & (eps["PREV_DEC"] == eps["DECOM"])
    eps = eps.assign(PERIOD=(~continues).groupby(eps["CHILD"]).cumsum())
    grouped = eps.groupby(["CHILD", "PERIOD"], sort=False)
    # the period ends when its last episode does: blank while that one is open
    # (groupby's last() would skip the blank and end it at an earlier episode)
    last = eps.drop_duplicates(["CHILD", "PERIOD"], keep="last").set_index(["CHILD", "PERIOD"])
    return pd.DataFrame({"START": grouped["DECOM"].min(), "END": last["DEC"]}).reset_index()


def looked_after_12_months(episodes: pd.DataFrame, year_end: pd.Timestamp) -> set[str]:
    """Children looked after continuously for at least 12 months at 31 March."""
    eps = episodes[~episodes["LS"].isin(SHORT_BREAKS)]
    periods = periods_of_care(eps)
    open_at_end = periods["END"].isna() | (periods["END"] > year_end)
    twelve_months = periods["START"] <= year_end - pd.DateOffset(years=1)
    return set(periods.loc[open_at_end & twelve_months, "CHILD"])


def rows_with_problem(
    frame: pd.DataFrame, problems: list[ReadProblem], table: str, column: str
) -> pd.Index:
    """Rows whose `column` held text that was not a valid value when read."""
    places = {(p.file, p.location) for p in problems if p.table == table and p.column == column}
    if not places:
        return frame.index[:0]
    keys = list(zip(frame["source_file"], frame["source_location"], strict=True))
    return frame.index[[k in places for k in keys]]


def index_of(mask: pd.Series) -> pd.Index:
    return mask[mask.fillna(False).astype(bool)].index
