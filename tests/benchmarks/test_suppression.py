"""EES suppression symbols become a null value with a code; numbers parse."""

from __future__ import annotations

import pytest

from dagster_project.benchmarks.suppression import parse_value


@pytest.mark.parametrize("symbol", ["x", "c", "z", "low", "u", "k", ":", "..", "-"])
def test_symbols_are_suppression_codes(symbol):
    assert parse_value(symbol) == (None, symbol)


def test_symbols_are_case_and_space_insensitive():
    assert parse_value(" C ") == (None, "c")
    assert parse_value("LOW") == (None, "low")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("67", 67.0), ("0", 0.0), ("13.9", 13.9), ("12,183,016", 12183016.0), ("-0.5", -0.5)],
)
def test_numbers_parse(text, expected):
    assert parse_value(text) == (expected, None)


def test_years_months_become_months():
    # The adoption-timing release prints averages as years:months.
    assert parse_value("01:07") == (19.0, None)
    assert parse_value("00:10") == (10.0, None)


def test_blank_and_nan_are_not_numbers():
    assert parse_value("") == (None, "blank")
    assert parse_value(None) == (None, "blank")
    assert parse_value("nan") == (None, "nan")
    assert parse_value("inf") == (None, "inf")


def test_unknown_text_is_kept_as_code_not_guessed():
    assert parse_value("n/a") == (None, "n/a")
