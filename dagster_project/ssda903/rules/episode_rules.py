"""Episode rules: dates, order and overlaps, and RNE / reason-ceased consistency.

Periods of care, placement moves and every looked-after count are built by
chaining episodes; these rules catch the episodes that would break the chain
(an overlap, a gap hidden by X1, a start that is not a start).
"""

from __future__ import annotations

import pandas as pd

from dagster_project.ssda903.rules.helpers import index_of, ordered_episodes
from dagster_project.ssda903.rules.registry import QUARANTINE, YearReturn, rule

# DfE rule 353: the Children Act 1989 came into force on 14 October 1991;
# no 903 episode starts before it.
CHILDREN_ACT_IN_FORCE = pd.Timestamp("1991-10-14")
# E2 died; E15 age assessment found the young person to be 18 or over
NO_FURTHER_EPISODES = ("E2", "E15")


@rule(
    "142",
    "episodes",
    ("DEC", "REC"),
    "A new episode has started, but the previous episode has not ended.",
    "An episode left open under a later one double-counts the child in every snapshot.",
    severity=QUARANTINE,
)
def previous_not_ended(ret: YearReturn) -> pd.Index:
    eps = ordered_episodes(ret.tables["episodes"])
    return index_of(~eps["IS_LAST"] & (eps["DEC"].isna() | eps["REC"].isna()))


@rule(
    "353",
    "episodes",
    ("DECOM",),
    "No episode submitted can start before 14 October 1991.",
    "A start before the Children Act is a mistyped date that would stretch the period of care "
    "(and long-term stability) by decades.",
    severity=QUARANTINE,
)
def starts_before_1991(ret: YearReturn) -> pd.Index:
    return index_of(ret.tables["episodes"]["DECOM"] < CHILDREN_ACT_IN_FORCE)


@rule(
    "354",
    "episodes",
    ("DECOM",),
    "Date episode began must be on or before the end of the current collection year.",
    "A start after 31 March belongs to next year's return and would inflate this year's starters.",
    severity=QUARANTINE,
)
def starts_after_year_end(ret: YearReturn) -> pd.Index:
    return index_of(ret.tables["episodes"]["DECOM"] > ret.year.end)


@rule(
    "385",
    "episodes",
    ("DEC",),
    "Date episode ceased must be on or before the end of the current collection year.",
    "A ceased date after 31 March would drop a child still looked after at 31 March from the "
    "year-end count.",
    severity=QUARANTINE,
)
def ceases_after_year_end(ret: YearReturn) -> pd.Index:
    return index_of(ret.tables["episodes"]["DEC"] > ret.year.end)


@rule(
    "355",
    "episodes",
    ("DECOM", "DEC"),
    "Episode appears to have lasted for less than 24 hours",
    "A zero-length episode adds a placement move (3+ placements) that never happened.",
)
def zero_length(ret: YearReturn) -> pd.Index:
    eps = ret.tables["episodes"]
    return index_of(eps["DECOM"] == eps["DEC"])


@rule(
    "356",
    "episodes",
    ("DECOM", "DEC"),
    "The date the episode ceased is before the date the same episode started.",
    "A negative episode makes lengths of care and placement durations negative.",
    severity=QUARANTINE,
)
def ends_before_start(ret: YearReturn) -> pd.Index:
    eps = ret.tables["episodes"]
    return index_of(eps["DEC"] < eps["DECOM"])


@rule(
    "357",
    "episodes",
    ("RNE",),
    "If this is the first episode ever for this child, reason for new episode must be S.",
    "Starters in the year are first episodes with RNE S; a first episode coded as a move is "
    "a start the count misses.",
)
def first_episode_not_s(ret: YearReturn) -> pd.Index:
    eps = ordered_episodes(ret.tables["episodes"])
    first = eps["IS_FIRST"] & (eps["DECOM"] >= ret.year.start)
    return index_of(first & (eps["RNE"] != "S"))


@rule(
    "388",
    "episodes",
    ("REC",),
    "Reason episode ceased is coded new episode begins, but there is no continuation episode.",
    "X1 chains episodes into one period of care; an X1 with no next episode (or a next "
    "episode after a real ending) splits or merges periods and miscounts leavers.",
)
def x1_without_continuation(ret: YearReturn) -> pd.Index:
    eps = ordered_episodes(ret.tables["episodes"])
    has_next, ended = ~eps["IS_LAST"], eps["DEC"].notna()
    x1 = eps["REC"] == "X1"
    gap_after_x1 = has_next & ended & x1 & (eps["DEC"] != eps["NEXT_DECOM"])
    ending_then_continued = (
        has_next & ended & eps["REC"].notna() & ~x1 & (eps["DEC"] == eps["NEXT_DECOM"])
    )
    x1_at_the_end = eps["IS_LAST"] & ended & x1
    return index_of(gap_after_x1 | ending_then_continued | x1_at_the_end)


@rule(
    "431",
    "episodes",
    ("RNE", "DECOM"),
    "The reason for new episode is started to be looked after, but the previous episode "
    "ended on the same day.",
    "An S that continues an episode counts a start (and a leaver) where the child never left care.",
)
def s_continuing_previous(ret: YearReturn) -> pd.Index:
    eps = ordered_episodes(ret.tables["episodes"])
    return index_of(
        (eps["RNE"] == "S") & eps["PREV_DEC"].notna() & (eps["DECOM"] <= eps["PREV_DEC"])
    )


@rule(
    "432",
    "episodes",
    ("RNE",),
    "The child ceased to be looked after at the end of the previous episode, but the reason "
    "for the new episode is not started to be looked after.",
    "A return to care coded as a move chains two periods of care into one and hides a start.",
)
def restart_not_s(ret: YearReturn) -> pd.Index:
    eps = ordered_episodes(ret.tables["episodes"])
    ceased = eps["PREV_REC"].notna() & (eps["PREV_REC"] != "X1")
    return index_of(ceased & eps["RNE"].notna() & (eps["RNE"] != "S"))


@rule(
    "437",
    "episodes",
    ("REC",),
    "Reason episode ceased is child has died or is aged 18 or over but there are further episodes.",
    "An episode after death or after an 18+ age assessment keeps a child in "
    "the counts who cannot be there.",
    severity=QUARANTINE,
)
def episodes_after_final_reason(ret: YearReturn) -> pd.Index:
    eps = ordered_episodes(ret.tables["episodes"])
    return index_of(eps["REC"].isin(NO_FURTHER_EPISODES) & ~eps["IS_LAST"])


@rule(
    "501",
    "episodes",
    ("DECOM",),
    "A new episode has started before the end date of the previous episode.",
    "Overlapping episodes count a child in two placements at once and add moves.",
    severity=QUARANTINE,
)
def overlapping_episodes(ret: YearReturn) -> pd.Index:
    eps = ordered_episodes(ret.tables["episodes"])
    return index_of(eps["PREV_DEC"].notna() & (eps["DECOM"] < eps["PREV_DEC"]))
