"""Dates converted per distinct value give what pandas gives converting every row."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from dagster_project.ingest.dates import as_timestamps, parse_dates, parse_timestamps

DATE_FORMAT = "%d/%m/%Y"
STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S"

# Repeated values, both kinds of missing, and an index that is not 0..n-1
# (a chunk of a table read in chunks).
TEXT = pd.Series(
    ["17/04/2019", None, "06/05/2019", "17/04/2019", np.nan, "06/05/2019", "29/02/2020"],
    index=range(100, 107),
    name="VISIT_DATE",
    dtype=object,
)
BAD = pd.Series(["17/04/2019", "31/02/2019", "17/04/2019"], dtype=object)


def test_timestamps_equal_pandas_row_by_row():
    expected = pd.to_datetime(TEXT, format=DATE_FORMAT)
    pd.testing.assert_series_equal(parse_timestamps(TEXT, DATE_FORMAT), expected)


def test_dates_equal_pandas_row_by_row():
    parsed = pd.to_datetime(TEXT, format=DATE_FORMAT)
    expected = parsed.dt.date.astype(object).where(TEXT.notna(), None)
    got = parse_dates(TEXT, DATE_FORMAT)
    pd.testing.assert_series_equal(got, expected)
    assert got.loc[101] is None and got.loc[104] is None
    assert got.loc[100] == dt.date(2019, 4, 17)


def test_a_value_that_does_not_parse_raises_as_pandas_does():
    with pytest.raises(ValueError):
        pd.to_datetime(BAD, format=DATE_FORMAT)
    with pytest.raises(ValueError):
        parse_timestamps(BAD, DATE_FORMAT)
    with pytest.raises(ValueError):
        parse_dates(BAD, DATE_FORMAT)


def test_coerce_leaves_what_does_not_parse_missing():
    expected = pd.to_datetime(BAD, format=DATE_FORMAT, errors="coerce")
    pd.testing.assert_series_equal(parse_timestamps(BAD, DATE_FORMAT, errors="coerce"), expected)
    assert parse_dates(BAD, DATE_FORMAT, errors="coerce").tolist() == [
        dt.date(2019, 4, 17),
        None,
        dt.date(2019, 4, 17),
    ]


def test_empty_and_all_missing_columns():
    empty = pd.Series([], dtype=object)
    assert parse_timestamps(empty, DATE_FORMAT).empty
    assert parse_dates(empty, DATE_FORMAT).empty
    blank = pd.Series([None, np.nan], dtype=object)
    assert parse_timestamps(blank, STAMP_FORMAT).isna().all()
    assert parse_dates(blank, DATE_FORMAT).tolist() == [None, None]


def test_as_timestamps_of_typed_dates_and_of_timestamps():
    dates = parse_dates(TEXT, DATE_FORMAT)
    pd.testing.assert_series_equal(as_timestamps(dates), pd.to_datetime(dates))
    stamps = parse_timestamps(pd.Series(["2019-04-17T10:30:00", None]), STAMP_FORMAT)
    assert as_timestamps(stamps) is stamps
