"""The PII guard: identifiers, dates, postcodes and quoted values never survive scrub()."""

from __future__ import annotations

import pytest

from dagster_project.alerts.redaction import (
    DATE,
    ID,
    POSTCODE,
    VALUE,
    first_line,
    scrub,
    scrub_error,
    scrub_identifiers,
)
from tests.support import pii


@pytest.mark.parametrize("value", pii.CHILD_IDS + pii.NHS_NUMBERS + pii.UPNS)
def test_identifiers_become_id(value: str) -> None:
    out = scrub(f"duplicate key {value} in header")
    assert value not in out
    assert ID in out
    assert out.startswith("duplicate key ") and out.endswith(" in header")


@pytest.mark.parametrize("value", [*pii.DATES_OF_BIRTH, "2015/03/14", "14-03-2015", "14.03.15"])
def test_dates_become_date(value: str) -> None:
    out = scrub(f"DOB {value} is after DECOM")
    assert value not in out
    assert out == f"DOB {DATE} is after DECOM"


def test_datetimes_go_whole() -> None:
    assert scrub("recorded 2024-05-01T13:45:10 late") == f"recorded {DATE} late"
    assert scrub("recorded 2024-05-01 13:45:10.123 late") == f"recorded {DATE} late"


@pytest.mark.parametrize("value", pii.POSTCODES)
def test_postcodes_become_postcode(value: str) -> None:
    out = scrub(f"HOME_POST {value} not in list")
    assert value not in out
    assert POSTCODE in out


@pytest.mark.parametrize(
    "text",
    ["convert 'Ellie-Mae Thornton' to DATE", 'time data "Jayden Okafor" does not match', "`x y`"],
)
def test_quoted_values_become_value(text: str) -> None:
    out = scrub(text)
    assert VALUE in out
    for word in ("Ellie", "Thornton", "Jayden", "Okafor", "x y"):
        assert word not in out


def test_apostrophes_in_words_are_not_quotes() -> None:
    assert scrub("time data doesn't match format") == "time data doesn't match format"


def test_every_simulated_identifier_goes_in_one_line() -> None:
    out = scrub(pii.pii_sentence())
    assert pii.leaked(out) == []
    # The shape of the error survives, so the message is still useful.
    assert out.startswith("Could not convert row for child ")
    assert "NHS" in out and "UPN" in out and "born" in out


@pytest.mark.parametrize(
    "kept",
    [
        "legal status C2 with placement U1 and REC E11",
        "assessment RHA or IHA, DENTAL",
        "financial year 2024/25, 1,234 rows of 12,345",
        "column DOB in social_care__header (rule expect_column_values_to_not_be_null)",
        "int32 to int64 in stg_social_care__episodes",
    ],
)
def test_codes_counts_and_names_survive(kept: str) -> None:
    # Codes from the contract have at most two digits; counts carry separators.
    assert scrub(kept) == kept


def test_scrub_identifiers_keeps_dates_and_links_but_not_ids() -> None:
    link = "http://dagster.test:3000/runs/12345678-1234-1234-1234-123456789012"
    text = f"Newest extract 2026-11-20, child C004512, NHS 9991234567, S60 2TH <{link}|run>"
    out = scrub_identifiers(text)
    assert "2026-11-20" in out
    assert link in out
    assert pii.leaked(out) == []


def test_first_line_and_scrub_error() -> None:
    message = "\n  Conversion failed for '01/02/2015'\nrow 17: C004512, 01/02/2015\n"
    assert first_line(message) == "Conversion failed for '01/02/2015'"
    assert scrub_error("ConversionException", message) == (
        f"ConversionException: Conversion failed for {VALUE}"
    )
    assert scrub_error(None, None) == "(no error message)"
    assert scrub_error("KeyError", "") == "KeyError"


def test_scrub_error_is_cut_to_a_readable_length() -> None:
    out = scrub_error("ValueError", "x" * 1000, limit=100)
    assert len(out) <= len("ValueError: ") + 100
    assert out.endswith("…")


def test_empty_input() -> None:
    assert scrub(None) == ""
    assert scrub("") == ""
