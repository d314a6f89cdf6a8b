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


# --- what the scrubber keeps, as well as what it removes ----------------------


@pytest.mark.parametrize(
    "kept",
    [
        "_csv.Error: field larger than field limit (131072)",
        "attendance.csv line 1234567 column sessions_possible",
        "episodes.csv: has 1234567 rows, 40.0% fewer than the 2000000 rows before",
        "the previous accepted extract (2024-04-01) had 100",
        "40.6% of the previous accepted extract's rows (2026-10-31) are changed or gone",
        "drop 2024-03-29 is older than the newest accepted (2024-04-01)",
        "Newest extract 2026-10-31, as of 2026-10-31",
        "fostering_tracker.xlsx sheet Households row 6 column places_approved",
        "an unexpected sheet (1 of 3)",
        "1 column not in the contract (position 7), ignored",
    ],
)
def test_counts_positions_and_our_dates_are_kept(kept: str) -> None:
    assert scrub(kept) == kept
    assert scrub_identifiers(kept) == kept


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        ("duplicate key 1004512 in header", "1004512"),  # a bare id, no counting word
        ("row 9991234567 failed", "9991234567"),  # 10 digits: an NHS number, never a count
        ("child born 2015-03-14", "2015-03-14"),  # a date not said to be an extract's
        ("extract of child born 14/03/2015", "14/03/2015"),  # not ISO: never ours
        ("extract 'Jayden Okafor' (2015-03-14)", "Jayden"),  # quoted goes first
        ("limit C004512", "C004512"),  # letters and digits: an id whatever the word
    ],
)
def test_values_without_a_counting_word_are_still_removed(text: str, removed: str) -> None:
    assert removed not in scrub(text)
    assert pii.leaked(scrub(text)) == []


# --- Slack escaping -----------------------------------------------------------


def test_slack_escaping_turns_markup_into_text() -> None:
    from dagster_project.alerts.slack import escape_mrkdwn

    assert escape_mrkdwn("<!channel> & <@U123|bob> <http://evil.test|click>") == (
        "&lt;!channel&gt; &amp; &lt;@U123|bob&gt; &lt;http://evil.test|click&gt;"
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "<!channel> sheet 3",
        "<!here> look",
        "<!everyone>",
        "<@U024BE7LH> please",
        "<#C024BE7LR>",
        "<!subteam^S012345|team>",
        "<http://evil.test/run|Open the run in Dagster>",
        "<https://evil.test|Open the latest performance report>",
    ],
)
def test_no_mention_or_link_from_data_reaches_slack(hostile, alerter, fake_slack) -> None:
    from dagster_project.alerts.messages.format import AlertMessage, alert_message

    built = alert_message(
        "gate_failure",
        f"Gate failed: {hostile}",
        [f"*Reason:* {hostile}"],
        "http://dagster.test:3000/runs/abc-123",
        ":no_entry:",
    )
    raw = AlertMessage(
        kind="test",
        title=hostile,
        text=hostile,
        blocks=[
            {"type": "section", "text": {"type": "mrkdwn", "text": hostile}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": hostile}]},
            {"type": "section", "fields": [{"type": "mrkdwn", "text": hostile}]},
        ],
    )
    assert alerter.send(built) and alerter.send(raw)
    for received in fake_slack.texts():
        assert "<!" not in received and "<@" not in received and "<#" not in received
        assert "<http://evil" not in received and "<https://evil" not in received
    # Our own run link is still a link.
    context = fake_slack.messages[0]["blocks"][-1]["elements"][0]["text"]
    assert context == "<http://dagster.test:3000/runs/abc-123|Open the run in Dagster>"


def test_the_report_link_survives_escaping(fake_slack) -> None:
    from dagster_project.alerts.messages.format import alert_message

    alerter = fake_slack.alerter(report_url="file:///srv/lac/report.html")
    message = alert_message("lag_warning", "A & B <late>", ["x < y"], None, ":x:")
    assert alerter.send(message)
    (received,) = fake_slack.messages
    assert received["blocks"][-1]["elements"] == [
        {
            "type": "mrkdwn",
            "text": "<file:///srv/lac/report.html|Open the latest performance report>",
        }
    ]
    assert received["blocks"][1]["text"]["text"] == "x &lt; y"
    assert received["text"].startswith("A &amp; B &lt;late&gt;")


def test_only_run_links_to_our_own_dagster_ui_are_links(fake_slack) -> None:
    from dagster_project.alerts.messages.format import alert_message

    alerter = fake_slack.alerter(ui_base_url="http://dagster.test:3000")
    ours = alert_message("x", "t", ["l"], "http://dagster.test:3000/runs/abc-1", ":x:")
    theirs = alert_message("x", "t", ["l"], "http://evil.test/runs/abc-1", ":x:")
    assert alerter.send(ours) and alerter.send(theirs)
    first, second = (m["blocks"][-1]["elements"][0]["text"] for m in fake_slack.messages)
    assert first == "<http://dagster.test:3000/runs/abc-1|Open the run in Dagster>"
    assert second == "&lt;http://evil.test/runs/abc-1|Open the run in Dagster&gt;"
