"""A conversion per distinct value gives the column a conversion per row gives."""

from __future__ import annotations

import numpy as np
import pandas as pd

from contract import load_contract
from dagster_project.ingest.casting import normalise_ids
from dagster_project.ingest.distinct import per_distinct
from tests.ingest.drops import make_rows, string_frame

REVIEWS = load_contract().source("social_care").table("reviews")


def test_each_distinct_value_is_converted_once_and_spread_over_its_rows():
    seen: list[str] = []

    def upper(distinct: pd.Series) -> pd.Series:
        seen.extend(distinct)
        return distinct.str.upper()

    values = pd.Series(["a", None, "b", "a", np.nan, "a"], index=range(10, 16), dtype=object)
    got = per_distinct(values, upper)
    assert sorted(seen) == ["a", "b"]
    assert got.tolist() == ["A", None, "B", "A", None, "A"]
    assert list(got.index) == list(values.index)


def test_an_empty_or_all_missing_column():
    assert per_distinct(pd.Series([], dtype=object), lambda d: d).empty
    assert per_distinct(pd.Series([None, None], dtype=object), lambda d: d).tolist() == [
        None,
        None,
    ]


def test_ids_are_stripped_and_missing_ids_stay_as_they_were():
    rows = make_rows(REVIEWS, 5)
    child = rows[0]["CHILD"]
    rows[1]["CHILD"] = f" {child}\t"
    rows[2]["CHILD"] = "   "
    frame = string_frame(REVIEWS, rows)
    frame.loc[3, "CHILD"] = np.nan
    frame.loc[4, "CHILD"] = None
    ids = normalise_ids(REVIEWS, frame)["CHILD"]
    expected = frame["CHILD"].map(lambda v: v.strip() or None, na_action="ignore")
    pd.testing.assert_series_equal(ids, expected)
    assert ids[3] is np.nan and ids[4] is None
