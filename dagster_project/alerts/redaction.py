"""The PII guard: every alert and every alert log line passes through here.

No child's name, date of birth or identifier may reach Slack or a log. Alerts
are built from counts, names of sources, tables, rules and indicators, and
links: things we format ourselves. The risk is text we did not write: an
exception message from pandas, DuckDB, GX or dbt may quote the offending
value ("could not convert '31/02/2015'", "duplicate key 'C004512'"). So:

- `scrub(text)` is for untrusted free text (error messages, rejection
  reasons): it replaces quoted values, dates, identifiers (long digit runs,
  NHS numbers, UPNs, ids that mix letters and digits) and postcodes with
  placeholders;
- `scrub_identifiers(text)` is the last line of defence the Slack alerter
  applies to every outgoing message: identifiers and postcodes only, because
  dates we put in on purpose (an extract date, a reporting month) must
  survive, and links to runs are left intact;
- both keep what is not personal and makes a message useful: row and line
  numbers and counts, even of six or more digits, when the words around
  them say they are one ("line 1234567", "field limit (131072)", "1234567
  rows"), and extract, drop and run dates said as such ("the previous
  accepted extract (2024-04-01)", "drop 2024-03-29"); a date or number with
  no such word next to it is still removed, since a bare value is what a
  date of birth or an id looks like;
- `first_line(text)` keeps only the first line of a multi-line error, since
  later lines (tracebacks, dbt's compiled SQL, pandas' row dumps) are where
  values are quoted most.

Placeholders are fixed strings (`<value>`, `<date>`, `<id>`, `<postcode>`) so
a reader can still tell what kind of thing was removed.
"""

from __future__ import annotations

import re

VALUE = "<value>"
DATE = "<date>"
ID = "<id>"
POSTCODE = "<postcode>"

# Quoted values: single, double, and the typographic quotes Excel puts in.
# Quoted text in an error is almost always the offending cell, so it goes
# whole. Apostrophes inside words ("doesn't") are not quotes: a quote only
# opens after a non-word character or the start of the text.
_QUOTED = re.compile(r"""(?<!\w)(?:'[^'\n]*'|"[^"\n]*"|‘[^’\n]*’|“[^”\n]*”|`[^`\n]*`)""")

# Dates: dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy (and two-digit years), yyyy-mm-dd
# or yyyy/mm/dd, optionally with a time; and "12 March 2015" / "12 Mar 2015".
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_DATE = re.compile(
    r"(?<!\d)(?:"
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s+\d{{4}}"
    r")(?!\d)",
    re.IGNORECASE,
)

# NHS numbers are ten digits, often written 3-3-4 with spaces or hyphens.
_NHS_SPACED = re.compile(r"(?<!\d)\d{3}[ -]\d{3}[ -]\d{4}(?!\d)")

# UPN: a check letter then 12 digits (a temporary UPN ends in a letter).
# Any token holding 6+ digits in a row is treated as an identifier too (child
# ids, NHS numbers, case numbers): 6 because no count or code the alerts carry
# on purpose is that long as a bare run (counts are printed with thousands
# separators), while a 4-5 digit year or count must survive.
# A token mixing letters and at least 4 digits ("C0451", "CH12345") is an id
# in every source system we know; codes the contract uses (E11, C2, U1, RHA)
# have at most 2 digits, so they are kept.
_ID_TOKEN = re.compile(
    r"(?<![\w-])(?:"
    r"[A-Za-z]\d{12}[A-Za-z]?"
    r"|[\w-]*\d{6,}[\w-]*"
    r"|[A-Za-z][A-Za-z_-]*\d[\w-]*"
    r")(?![\w-])"
)
_DIGIT_COUNT = re.compile(r"\d")

# UK postcodes, full ("S60 2TH", "SW1A 1AA") and the outward code alone when it
# has two letters ("LS12", "SW1A"): the contract's HOME_POST/PL_POST hold
# districts. One-letter districts ("M1", "S6") are not matched alone: they
# cannot be told from legal-status and placement codes (C1, P1, S6...).
_POSTCODE_FULL = re.compile(r"(?<![\w])[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}(?![\w])", re.IGNORECASE)
_POSTCODE_DISTRICT = re.compile(r"(?<![\w])[A-Z]{2}\d{1,2}[A-Z]?(?![\w])")

# Counts and positions: a bare run of 6-9 digits is kept when a counting word
# is right before it ("line", "row", "limit (") or a counted noun right after
# it ("rows", "bytes"). Never 10 digits or more: an NHS number is 10, and no
# count the pipeline sees is a billion. These words come from our own
# messages and from the csv/DuckDB errors that quote sizes.
_COUNT_BEFORE = re.compile(
    r"(?:\b(?:line|lines|row|rows|limit|position|positions|count|size)\s*\(?\s*)$",
    re.IGNORECASE,
)
_COUNT_AFTER = re.compile(
    r"^\s*(?:rows?|lines?|bytes?|characters?|cells?|records?|fields?|values?|children|"
    r"episodes?|drops?|files?|sheets?|columns?)\b",
    re.IGNORECASE,
)
_BARE_COUNT = re.compile(r"\d{6,9}")

# Dates that are not personal: an extract, drop, night or run date in ISO
# form, said as such just before it ("the previous accepted extract
# (2024-04-01)", "the previous accepted extract's rows (2024-04-01)", "drop
# 2024-03-29", "as of 2026-10-31"). A date of birth is
# never written that way by us, and a quoted value is removed before this.
_OUR_DATE_BEFORE = re.compile(
    r"\b(?:extract|extracts|extract's rows|drop|drops|night|run|as of|accepted|published)"
    r"\s*\(?\s*$",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Links are ours (the UI's run pages); their run ids must not be mangled.
_URL = re.compile(r"https?://[^\s|>]+")


def first_line(text: str | None) -> str:
    """The first non-blank line of a message, or '' when there is none."""
    for line in (text or "").splitlines():
        if line.strip():
            return line.strip()
    return ""


def _is_count(match: re.Match[str]) -> bool:
    """A bare 6-9 digit number that the words around it say is a count or position."""
    if not _BARE_COUNT.fullmatch(match.group(0)):
        return False
    before = match.string[max(0, match.start() - 40) : match.start()]
    after = match.string[match.end() : match.end() + 20]
    return bool(_COUNT_BEFORE.search(before) or _COUNT_AFTER.search(after))


def _id_token(match: re.Match[str]) -> str:
    token = match.group(0)
    if _is_count(match):
        return token
    digits = len(_DIGIT_COUNT.findall(token))
    if re.search(r"\d{6,}", token) or digits >= 4:
        return ID
    return token


def _scrub_identifiers_plain(text: str) -> str:
    text = _NHS_SPACED.sub(ID, text)
    text = _POSTCODE_FULL.sub(POSTCODE, text)
    text = _ID_TOKEN.sub(_id_token, text)
    text = _POSTCODE_DISTRICT.sub(POSTCODE, text)
    return text


def _outside_urls(text: str, fn) -> str:
    parts: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        parts.append(fn(text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(fn(text[last:]))
    return "".join(parts)


def scrub_identifiers(text: str) -> str:
    """Replace identifiers and postcodes, keeping dates and our own links."""
    return _outside_urls(text, _scrub_identifiers_plain)


def _date(match: re.Match[str]) -> str:
    date = match.group(0)
    before = match.string[max(0, match.start() - 40) : match.start()]
    if _ISO_DATE.fullmatch(date) and _OUR_DATE_BEFORE.search(before):
        return date
    return DATE


def scrub(text: str | None) -> str:
    """Make untrusted free text safe to alert: no quoted value, date, id or postcode."""
    if not text:
        return ""

    def _plain(part: str) -> str:
        part = _QUOTED.sub(VALUE, part)
        part = _DATE.sub(_date, part)
        return _scrub_identifiers_plain(part)

    return _outside_urls(text, _plain)


def scrub_error(exc_class: str | None, message: str | None, limit: int = 300) -> str:
    """`ExcClass: first line, scrubbed`, cut to `limit` characters.

    Only the first line: later lines of a traceback or a dbt log are where
    rows get printed. The cut keeps a Slack message readable.
    """
    line = scrub(first_line(message))
    if len(line) > limit:
        line = line[: limit - 1] + "…"
    cls = (exc_class or "").strip()
    if cls and line:
        return f"{cls}: {line}"
    return cls or line or "(no error message)"
