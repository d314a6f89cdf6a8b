"""Reviews must fall inside a period of care.

No numbered DfE rule says so in the open validator (the DfE portal's own
checks on review dates are not in it), so this is the project's check P02.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.ssda903.rules.helpers import periods_of_care
from dagster_project.ssda903.rules.registry import YearReturn, rule


@rule(
    "P02",
    "reviews",
    ("REVIEW",),
    "The review date falls outside every period of care of the child (or after the year end).",
    "Reviews in timescale count reviews of looked-after children; a review dated outside care "
    "is a mistyped date that would satisfy, or break, the wrong child-month.",
    checked=False,
)
def review_outside_care(ret: YearReturn) -> pd.Index:
    reviews = ret.tables["reviews"]
    dated = reviews[reviews["REVIEW"].notna()]
    periods = periods_of_care(ret.tables["episodes"])
    # a period still open is open up to the year end, no further
    periods["END"] = periods["END"].fillna(ret.year.end).clip(upper=ret.year.end)
    joined = dated.reset_index().merge(periods, on="CHILD", how="left")
    inside = (joined["REVIEW"] >= joined["START"]) & (joined["REVIEW"] <= joined["END"])
    covered = set(joined.loc[inside, "index"])
    return dated.index[~dated.index.isin(covered)]
