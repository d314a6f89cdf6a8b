"""The bad-input corpus: one row per damaged or unusual input, and what must happen.

Each case starts from a raw history holding one good night of every source
(`conftest.primed`), lands the next night's drop of one source written from
the contract (`tests/ingest/drops.py`), damages it, and ingests it as the
nightly job does (`ingest.nightly.ingest_waiting`). `outcome` is one of:

- `rejected`: nothing written, logged as a rejection, and the reason holds
  every `needles` string (file, line or row, and column; or by how much);
- `quarantined`: accepted, with rows dropped or fields nulled, and the
  table's `failed_rules` name every `needles` rule;
- `accepted`: accepted as the file says (`unchanged`: the same rows as the
  good night, however the bytes were laid out), warnings holding `needles`;
- `no_change`: recorded as no change, nothing written;
- `reported`: nothing ingested; the landing zone's report (a warning in the
  run's log and the landing-zone check) holds `needles`;
- `moved_on`: a good drop dated the day after waits too: the damaged drop is
  rejected (its reason holding `needles`) and the newer one accepted in the
  same run.

The table is also the source of `docs/hardening_corpus.md`
(`python -m tests.hardening.render_doc`); a drift test keeps them equal.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from contract import load_contract
from tests.ingest.drops import EXTRACT_DATE, make_rows

PRIMED_DATE = EXTRACT_DATE
NEXT = EXTRACT_DATE + dt.timedelta(days=1)
# The good drop waiting behind a rejected one (`moved_on` cases).
NEWER = NEXT + dt.timedelta(days=1)
# 100 rows a table: enough for the volume gates' percentages to mean something.
N = 100
SOURCES = ("social_care", "fostering", "virtual_school", "health", "population")

# Text a hostile file carries that must never reach a message or a log.
HOSTILE_SHEET = "<!channel> Jayden Okafor"
HOSTILE_COLUMN = "Jayden Okafor C004512 14/03/2015"
HOSTILE_NEEDLES = ("<!channel>", "Jayden", "Okafor", "C004512", "14/03/2015", "PII")


@dataclass(frozen=True)
class Damage:
    """Where a case's damage is applied."""

    folder: Path  # the new night's drop folder
    previous: Path  # the good night's drop folder of the same source
    landing: Path
    outside: Path  # a folder outside the landing zone


@dataclass(frozen=True)
class Case:
    id: str
    kind: str  # the heading the case belongs to
    source: str
    what: str  # the input, in a few words
    outcome: str  # rejected | quarantined | accepted | no_change | reported | moved_on
    needles: tuple[str, ...] = ()
    damage: Callable[[Damage], None] | None = None
    rows: Callable[[], dict[str, list[dict]]] | None = None
    n: int = N
    unchanged: bool = False  # accepted: the same rows as the good night
    absent: tuple[str, ...] = ()  # text that must not be in any message (a cell's value)
    extra_check: Callable = field(default=lambda con: None)


def _table(source: str, name: str):
    return load_contract().source(source).table(name)


def _rows(source: str, name: str, n: int = N) -> list[dict]:
    return make_rows(_table(source, name), n)


# --- damage helpers -----------------------------------------------------------


def _cut_at_line(file: str, share: float) -> Callable[[Damage], None]:
    def damage(d: Damage) -> None:
        data = (d.folder / file).read_bytes()
        cut = data.index(b"\n", int(len(data) * share)) + 1
        (d.folder / file).write_bytes(data[:cut])

    return damage


def _cut_mid_line(file: str, share: float) -> Callable[[Damage], None]:
    def damage(d: Damage) -> None:
        data = (d.folder / file).read_bytes()
        cut = int(len(data) * share)
        while data[cut - 1 : cut] in (b"\n", b","):
            cut += 1
        (d.folder / file).write_bytes(data[:cut])

    return damage


def _empty(file: str) -> Callable[[Damage], None]:
    def damage(d: Damage) -> None:
        (d.folder / file).write_bytes(b"")

    return damage


def _copy_previous(d: Damage) -> None:
    shutil.rmtree(d.folder)
    shutil.copytree(d.previous, d.folder)


def _random_bytes(file: str, seed: int) -> Callable[[Damage], None]:
    def damage(d: Damage) -> None:
        data = bytearray((d.folder / file).read_bytes())
        middle = len(data) // 2
        data[middle : middle + 4096] = random.Random(seed).randbytes(4096)
        (d.folder / file).write_bytes(bytes(data))

    return damage


def _half_file(file: str) -> Callable[[Damage], None]:
    def damage(d: Damage) -> None:
        data = (d.folder / file).read_bytes()
        (d.folder / file).write_bytes(data[: len(data) // 2])

    return damage


def _replace_bytes(file: str, data: bytes) -> Callable[[Damage], None]:
    def damage(d: Damage) -> None:
        (d.folder / file).write_bytes(data)

    return damage


def _delete(file: str) -> Callable[[Damage], None]:
    def damage(d: Damage) -> None:
        (d.folder / file).unlink()

    return damage


def _rewrite_csv(file: str, change: Callable[[list[list[str]]], list[list[str]]], **writer):
    """Read `file` as rows of text, change them, write them back with `writer` options."""

    def damage(d: Damage) -> None:
        path = d.folder / file
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        out = io.StringIO()
        csv.writer(out, **writer).writerows(change(rows))
        path.write_text(out.getvalue(), encoding="utf-8", newline="")

    return damage


def _prepend(file: str, data: bytes) -> Callable[[Damage], None]:
    def damage(d: Damage) -> None:
        path = d.folder / file
        path.write_bytes(data + path.read_bytes())

    return damage


def _append(file: str, data: bytes) -> Callable[[Damage], None]:
    def damage(d: Damage) -> None:
        path = d.folder / file
        path.write_bytes(path.read_bytes() + data)

    return damage


def _lf(file: str) -> Callable[[Damage], None]:
    def damage(d: Damage) -> None:
        path = d.folder / file
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n"))

    return damage


def _shuffle_columns(rows: list[list[str]]) -> list[list[str]]:
    order = list(range(len(rows[0])))
    random.Random(7).shuffle(order)
    return [[row[i] for i in order] for row in rows]


def _add_column(header: str, value: str, position: int | None = None):
    def change(rows: list[list[str]]) -> list[list[str]]:
        at = len(rows[0]) if position is None else position
        return [[*row[:at], header if i == 0 else value, *row[at:]] for i, row in enumerate(rows)]

    return change


def _drop_column(name: str):
    def change(rows: list[list[str]]) -> list[list[str]]:
        at = rows[0].index(name)
        return [row[:at] + row[at + 1 :] for row in rows]

    return change


def _set_cell(column: str, line: int, value: str):
    """Set `column` on file line `line` (the header is line 1)."""

    def change(rows: list[list[str]]) -> list[list[str]]:
        rows[line - 1][rows[0].index(column)] = value
        return rows

    return change


def _map_column(column: str, fn: Callable[[str], str], lines: range | None = None):
    def change(rows: list[list[str]]) -> list[list[str]]:
        at = rows[0].index(column)
        for i in lines or range(2, len(rows) + 1):
            rows[i - 1][at] = fn(rows[i - 1][at])
        return rows

    return change


def _duplicate_line(line: int):
    def change(rows: list[list[str]]) -> list[list[str]]:
        return [*rows, list(rows[line - 1])]

    return change


def _workbook(file: str, change: Callable) -> Callable[[Damage], None]:
    def damage(d: Damage) -> None:
        from openpyxl import load_workbook

        wb = load_workbook(d.folder / file)
        change(wb)
        wb.save(d.folder / file)

    return damage


def _rename_sheet(old: str, new: str):
    def change(wb) -> None:
        wb[old].title = new

    return change


def _add_sheet(name: str):
    def change(wb) -> None:
        wb.create_sheet(name).append(["Jayden Okafor", "C004512", "14/03/2015"])

    return change


def _reorder_sheets(wb) -> None:
    wb._sheets.reverse()


def _symlink_file(file: str) -> Callable[[Damage], None]:
    def damage(d: Damage) -> None:
        d.outside.mkdir(parents=True, exist_ok=True)
        target = d.outside / file
        shutil.move(d.folder / file, target)
        (d.folder / file).symlink_to(target)

    return damage


# --- landing-zone damage: the new drop folder is removed, something else is left --


def _landing(make: Callable[[Damage], None]) -> Callable[[Damage], None]:
    def damage(d: Damage) -> None:
        shutil.rmtree(d.folder)
        make(d)

    return damage


def _folder(name: str) -> Callable[[Damage], None]:
    def make(d: Damage) -> None:
        shutil.copytree(d.previous, d.previous.parent / name)

    return _landing(make)


def _older_drop(d: Damage) -> None:
    shutil.copytree(
        d.previous, d.previous.parent / (PRIMED_DATE - dt.timedelta(days=3)).isoformat()
    )


def _changed_accepted(d: Damage) -> None:
    with (d.previous / "peps.csv").open("a") as handle:
        handle.write("\n")


def _stray_file(d: Damage) -> None:
    (d.previous / "Peps (1) Jayden Okafor.csv").write_text("a copy someone made\n")


def _linked_folder(d: Damage) -> None:
    outside = d.outside / "drop"
    shutil.copytree(d.folder, outside)
    shutil.rmtree(d.folder)
    d.folder.symlink_to(outside, target_is_directory=True)


# --- row builders ---------------------------------------------------------------


def _first_rows(source: str, name: str, keep: int):
    return lambda: {name: _rows(source, name)[:keep]}


def _no_rows(name: str):
    return lambda: {name: []}


def _second_code_for(source: str, name: str, column: str, count: int):
    def rows() -> dict[str, list[dict]]:
        table = _table(source, name)
        second = load_contract().code_lists[table.column(column).codes][1]
        out = _rows(source, name)
        for row in out[:count]:
            row[column] = second
        return {name: out}

    return rows


def _shift_dates(source: str, name: str, column: str, days: int):
    def rows() -> dict[str, list[dict]]:
        out = _rows(source, name)
        for row in out:
            row[column] -= dt.timedelta(days=days)
        return {name: out}

    return rows


def _swap_dates(source: str, name: str, column: str, count: int):
    """`count` rows whose `column` holds its own day-month swap (a date both ways)."""

    def rows() -> dict[str, list[dict]]:
        out = _rows(source, name)
        both_ways = [r for r in out if r[column].day <= 12 and r[column].day != r[column].month]
        assert len(both_ways) >= count
        for row in both_ways[:count]:
            row[column] = row[column].replace(month=row[column].day, day=row[column].month)
        return {name: out}

    return rows


def _cell(source: str, name: str, index: int, column: str, value):
    def rows() -> dict[str, list[dict]]:
        out = _rows(source, name)
        out[index][column] = value
        return {name: out}

    return rows


# --- extra checks on the raw history --------------------------------------------


def _stored(table: str, column: str, value: str):
    def check(con) -> None:
        found = con.execute(
            f'select count(*) from "{table}" where "{column}" = ? and _extract_date = ?',
            [value, NEXT],
        ).fetchone()[0]
        assert found == 1, f"{value!r} not stored verbatim in {table}.{column}"

    return check


INJECTION = '=HYPERLINK("http://evil.test","click")'

# fmt: off
CASES: list[Case] = [
    # --- 1. truncated, emptied or repeated extracts ---------------------------------
    Case("truncated_episodes_rows", "volume", "social_care",
         "episodes.csv with 60 of its 100 rows", "rejected",
         ("episodes.csv (table social_care__episodes): has 60 rows, 40.0% fewer than the 100",
          "[volume_rows]", "60 distinct children, 40.0% fewer"),
         rows=_first_rows("social_care", "episodes", 60)),
    Case("truncated_attendance_at_line_break", "volume", "virtual_school",
         "attendance.csv cut at a line break after 60% of its bytes", "rejected",
         ("attendance.csv (table virtual_school__attendance): has", "% fewer than the 100",
          "[volume_rows]"), damage=_cut_at_line("attendance.csv", 0.6)),
    Case("truncated_peps_mid_line", "volume", "virtual_school",
         "peps.csv cut in the middle of a line", "rejected",
         ("peps.csv line 61: the record has 5 fields, the header has 6", "[truncated_file]"),
         damage=_cut_mid_line("peps.csv", 0.6)),
    Case("header_only_episodes", "volume", "social_care",
         "episodes.csv with its header only", "rejected",
         ("episodes.csv (table social_care__episodes): has no rows; the previous accepted "
          f"extract ({PRIMED_DATE}) had 100", "[header_only]"), rows=_no_rows("episodes")),
    Case("header_only_attendance", "volume", "virtual_school",
         "attendance.csv with its header only", "rejected",
         ("attendance.csv (table virtual_school__attendance): has no rows", "[header_only]"),
         rows=_no_rows("attendance")),
    Case("header_only_peps", "volume", "virtual_school",
         "peps.csv with its header only", "rejected",
         ("peps.csv: the source's main table has no rows", "[empty_file]"),
         rows=_no_rows("peps")),
    Case("header_only_exclusions", "volume", "virtual_school",
         "exclusions.csv with its header only", "rejected",
         ("exclusions.csv (table virtual_school__exclusions): has no rows", "[header_only]"),
         rows=_no_rows("exclusions")),
    Case("header_only_households_sheet", "volume", "fostering",
         "the Households sheet with its header only", "rejected",
         ("fostering_tracker.xlsx sheet Households: the source's main table has no rows",
          "[empty_file]"), rows=_no_rows("households")),
    Case("header_only_health_sheet", "volume", "health",
         "the Assessments sheet with its header only", "rejected",
         ("health_assessments.xlsx sheet Assessments: the source's main table has no rows",
          "[empty_file]"), rows=_no_rows("assessments")),
    Case("zero_byte_peps", "volume", "virtual_school",
         "peps.csv of 0 bytes", "rejected",
         ("peps.csv: file is empty (0 bytes)", "[empty_file]"), damage=_empty("peps.csv")),
    Case("identical_copy_social_care", "volume", "social_care",
         "a byte-identical copy of the previous night", "no_change",
         (f"byte-identical to the accepted extract of {PRIMED_DATE}",), damage=_copy_previous),
    Case("identical_copy_virtual_school", "volume", "virtual_school",
         "a byte-identical copy of the previous night", "no_change",
         (f"byte-identical to the accepted extract of {PRIMED_DATE}",), damage=_copy_previous),
    Case("identical_copy_health", "volume", "health",
         "a byte-identical copy of the previous night's workbook", "no_change",
         (f"byte-identical to the accepted extract of {PRIMED_DATE}",), damage=_copy_previous),
    Case("identical_copy_fostering", "volume", "fostering",
         "a byte-identical copy of the previous night's workbook", "no_change",
         (f"byte-identical to the accepted extract of {PRIMED_DATE}",), damage=_copy_previous),
    Case("identical_copy_population", "volume", "population",
         "a byte-identical copy of the previous population file", "no_change",
         (f"byte-identical to the accepted extract of {PRIMED_DATE}",), damage=_copy_previous),
    Case("most_rows_changed", "volume", "virtual_school",
         "60 of 100 PEP rows with a different term", "rejected",
         ("peps.csv (table virtual_school__peps): 60.0% of the previous", "[volume_changed]"),
         rows=_second_code_for("virtual_school", "peps", "term", 60)),
    Case("latest_date_moved_back", "volume", "virtual_school",
         "every PEP date 60 days earlier", "rejected",
         ("the latest pep_date is 60 days earlier than in the previous accepted extract",
          "[volume_dates]"), rows=_shift_dates("virtual_school", "peps", "pep_date", 60),
         absent=("2023-",)),  # days, never a record's date
    Case("small_normal_growth", "volume", "virtual_school",
         "one row more in every table", "accepted", n=N + 1),
    # --- 2. drops that used to crash ingest and freeze later nights ------------------
    Case("sessions_possible_23_digits", "read failure", "virtual_school",
         "a 23-digit sessions_possible", "rejected",
         ("attendance.csv line 7 column sessions_possible", "[uncastable_value]"),
         rows=_cell("virtual_school", "attendance", 5, "sessions_possible", "1" * 23),
         absent=("1" * 23,)),
    Case("households_10_to_the_20", "read failure", "fostering",
         "a cell of 10**20 in the Households sheet", "rejected",
         ("fostering_tracker.xlsx sheet Households row 6 column places_approved",
          "[uncastable_value]"),
         rows=_cell("fostering", "households", 3, "places_approved", 10**20),
         absent=(str(10**20), "1e+20", "1e20")),
    Case("random_bytes_health_workbook", "read failure", "health",
         "4 KB of random bytes inside the health workbook", "rejected",
         ("health_assessments.xlsx", "[broken_spreadsheet]"),
         damage=_random_bytes("health_assessments.xlsx", 15)),
    Case("random_bytes_fostering_workbook", "read failure", "fostering",
         "4 KB of random bytes inside the fostering tracker", "rejected",
         ("fostering_tracker.xlsx", "[broken_spreadsheet]"),
         damage=_random_bytes("fostering_tracker.xlsx", 16)),
    Case("half_a_workbook", "read failure", "health",
         "the health workbook cut in half", "rejected",
         ("health_assessments.xlsx", "[broken_spreadsheet]"),
         damage=_half_file("health_assessments.xlsx")),
    Case("workbook_of_zero_bytes", "read failure", "fostering",
         "the fostering tracker as 0 bytes", "rejected",
         ("fostering_tracker.xlsx: file is empty (0 bytes)", "[empty_file]"),
         damage=_empty("fostering_tracker.xlsx")),
    Case("csv_holding_a_workbook", "read failure", "virtual_school",
         "attendance.csv holding a zip archive's bytes", "rejected",
         ("attendance.csv line 1 column child_id: column child_id is missing from the header",
          "[missing_column]"),
         damage=_replace_bytes("attendance.csv", b"PK\x03\x04" + bytes(300))),
    Case("csv_not_utf8", "read failure", "virtual_school",
         "peps.csv with a Latin-1 byte in a cell", "rejected",
         ("peps.csv line 102: file is not UTF-8 text", "[encoding]"),
         damage=_append("peps.csv", b"PII\xe9,PII,2023,T1,2023-06-01,\n")),
    Case("csv_field_over_the_limit", "read failure", "virtual_school",
         "a 200,000-character cell in peps.csv", "rejected",
         ("peps.csv line 4: the record starting here is broken (field larger than field limit "
          "(131072))", "[truncated_file]"),
         damage=_rewrite_csv("peps.csv", _set_cell("academic_year", 4, "9" * 200_000))),
    Case("csv_unbalanced_quote", "read failure", "virtual_school",
         "an opening quote never closed in peps.csv", "rejected",
         ("peps.csv line 102: the record starting here is broken (unexpected end of data)",
          "[truncated_file]"),
         damage=_append("peps.csv", b'"PIIX,PII,2023,T1,2023-06-01,\n')),
    Case("rejected_drop_then_newer_good_drop", "read failure", "virtual_school",
         "peps.csv of 0 bytes, with a good drop of the next day waiting too", "moved_on",
         ("peps.csv: file is empty (0 bytes)", "[empty_file]"), damage=_empty("peps.csv")),
    Case("missing_file", "read failure", "virtual_school",
         "no peps.csv in the drop", "rejected",
         ("peps.csv: file is missing from the drop", "[missing_file]"),
         damage=_delete("peps.csv")),
    Case("missing_column", "read failure", "virtual_school",
         "attendance.csv without its sessions_missed column", "rejected",
         ("attendance.csv line 1 column sessions_missed: column sessions_missed is missing",
          "[missing_column]"),
         damage=_rewrite_csv("attendance.csv", _drop_column("sessions_missed"))),
    Case("file_linked_out_of_the_drop", "read failure", "virtual_school",
         "peps.csv a symlink to a file outside the drop", "rejected",
         ("peps.csv: file is a link out of the drop", "[symlink_refused]"),
         damage=_symlink_file("peps.csv"), n=N + 1),
    # --- 3. untrusted text ------------------------------------------------------------
    Case("health_sheet_renamed_channel_ping", "untrusted text", "health",
         f"the health sheet renamed `{HOSTILE_SHEET}`", "rejected",
         ("health_assessments.xlsx: sheet Assessments is missing (sheets: an unexpected sheet "
          "(1 of 1))", "[missing_sheet]"),
         damage=_workbook("health_assessments.xlsx", _rename_sheet("Assessments", HOSTILE_SHEET))),
    Case("fostering_sheet_renamed_channel_ping", "untrusted text", "fostering",
         f"the Approvals sheet renamed `{HOSTILE_SHEET}`", "rejected",
         ("fostering_tracker.xlsx: sheet Approvals is missing", "an unexpected sheet (1 of 2)",
          "[missing_sheet]"),
         damage=_workbook("fostering_tracker.xlsx", _rename_sheet("Approvals", HOSTILE_SHEET))),
    Case("extra_column_named_after_a_child", "untrusted text", "virtual_school",
         "a column headed with a name, an id and a date of birth", "accepted",
         ("peps.csv: 1 column not in the contract (position 7), ignored",), unchanged=True,
         damage=_rewrite_csv("peps.csv", _add_column(HOSTILE_COLUMN, "x"))),
    Case("extra_column_first", "untrusted text", "virtual_school",
         "the same column first, before the contract's", "accepted",
         ("attendance.csv: 1 column not in the contract (position 1), ignored",), unchanged=True,
         damage=_rewrite_csv("attendance.csv", _add_column(HOSTILE_COLUMN, "x", 0))),
    Case("extra_sheet_named_after_a_child", "untrusted text", "health",
         f"an extra sheet named `{HOSTILE_SHEET}` holding a name", "accepted", unchanged=True,
         damage=_workbook("health_assessments.xlsx", _add_sheet(HOSTILE_SHEET))),
    Case("column_renamed_to_a_child", "untrusted text", "virtual_school",
         "the term column's header replaced by a name and id", "rejected",
         ("peps.csv line 1 column term: column term is missing from the header",
          "[missing_column]"),
         damage=_rewrite_csv("peps.csv", _set_cell("term", 1, HOSTILE_COLUMN))),
    # --- 5. rows that break a rule: the smallest thing is quarantined ---------------
    Case("unknown_code_in_one_row", "row fault", "virtual_school",
         "one attendance row with term `ZZ`", "quarantined", ("term",),
         damage=_rewrite_csv("attendance.csv", _set_cell("term", 5, "ZZ"))),
    Case("missing_child_id_in_one_row", "row fault", "virtual_school",
         "one PEP row with no child_id", "quarantined", ("child_id",),
         damage=_rewrite_csv("peps.csv", _set_cell("child_id", 5, ""))),
    Case("duplicate_key_row", "row fault", "virtual_school",
         "one attendance row sent twice", "quarantined", ("child_id",),
         damage=_rewrite_csv("attendance.csv", _duplicate_line(3))),
    Case("impossible_date_in_one_row", "row fault", "virtual_school",
         "one PEP date of 2024-02-31", "quarantined", ("pep_date",),
         damage=_rewrite_csv("peps.csv", _set_cell("pep_date", 5, "2024-02-31"))),
    Case("text_in_a_count", "row fault", "virtual_school",
         "sessions_possible `lots` in one row", "quarantined", ("sessions_possible",),
         damage=_rewrite_csv("attendance.csv", _set_cell("sessions_possible", 5, "lots"))),
    Case("sessions_missed_over_possible", "row fault", "virtual_school",
         "sessions missed greater than sessions possible in one row", "quarantined",
         ("sessions_missed",),
         damage=_rewrite_csv("attendance.csv", _set_cell("sessions_missed", 5, "900"))),
    Case("future_date_in_one_row", "row fault", "virtual_school",
         "one PEP dated after the extract", "quarantined", ("pep_date",),
         damage=_rewrite_csv("peps.csv", _set_cell("pep_date", 5, "2031-01-01"))),
    Case("trailing_space_on_ids", "row fault", "virtual_school",
         "a trailing space on 2 of 100 child ids in peps.csv", "accepted", unchanged=True,
         damage=_rewrite_csv("peps.csv", _map_column("child_id", lambda v: v + " ", range(2, 4)))),
    Case("trailing_space_on_every_id", "row fault", "virtual_school",
         "a space before or after every child id in peps.csv", "accepted", unchanged=True,
         damage=_rewrite_csv("peps.csv", _map_column(
             "child_id", lambda v: f" {v}" if int(v[-1]) % 2 else f"{v} "))),
    Case("day_month_swapped_dates", "row fault", "virtual_school",
         "every PEP date written dd/mm/yyyy in a yyyy-mm-dd source", "rejected",
         ("peps.csv (table virtual_school__peps): 100.0% of the previous", "[volume_changed]"),
         damage=_rewrite_csv("peps.csv", _map_column(
             "pep_date", lambda v: dt.date.fromisoformat(v).strftime("%d/%m/%Y")))),
    Case("some_dates_day_month_swapped", "row fault", "virtual_school",
         "three PEP dates written dd/mm/yyyy in a yyyy-mm-dd source", "rejected",
         ("peps.csv: 3 of 100 rows (3.0%) fail row rules, more than the 2% that can be "
          "quarantined", "column pep_date line 2, 3, 4: date_format"),
         damage=_rewrite_csv("peps.csv", _map_column(
             "pep_date", lambda v: dt.date.fromisoformat(v).strftime("%d/%m/%Y"), range(2, 5)))),
    Case("pep_dates_day_month_swapped", "row fault", "virtual_school",
         "6 PEP dates (a key column) turned into their own day-month swap, both valid dates",
         "rejected",
         ("peps.csv (table virtual_school__peps): 6 dates changed into their own day-month "
          "swap since the previous accepted extract (2024-04-01): pep_date 6",
          "[day_month_swapped]"),
         rows=_swap_dates("virtual_school", "peps", "pep_date", 6)),
    Case("approval_dates_day_month_swapped", "row fault", "fostering",
         "6 household approval dates in the workbook turned into their own day-month swap",
         "rejected",
         ("fostering_tracker.xlsx sheet Households (table fostering__households): 6 dates "
          "changed into their own day-month swap", "approval_date 6", "[day_month_swapped]"),
         rows=_swap_dates("fostering", "households", "approval_date", 6)),
    Case("two_pep_dates_day_month_swapped", "row fault", "virtual_school",
         "2 PEP dates turned into their own day-month swap (corrections, perhaps)", "accepted",
         ("peps.csv: 2 date(s) changed into their own day-month swap since the previous "
          "accepted extract (2024-04-01): pep_date 2",),
         rows=_swap_dates("virtual_school", "peps", "pep_date", 2)),
    Case("population_of_zero", "row fault", "population",
         "a population of 0 in every row", "rejected",
         ("population.csv (table population__population): 100.0% of the previous",
          "[volume_changed]"),
         damage=_rewrite_csv("population.csv", _map_column("population_0_17", lambda v: "0"))),
    # --- accepted as the file says ----------------------------------------------------
    Case("utf8_bom", "accepted", "virtual_school",
         "peps.csv starting with a UTF-8 byte-order mark", "accepted", unchanged=True,
         damage=_prepend("peps.csv", b"\xef\xbb\xbf")),
    Case("lf_line_endings", "accepted", "virtual_school",
         "attendance.csv with Unix line endings (the good night's had CRLF)", "accepted",
         unchanged=True, damage=_lf("attendance.csv")),
    Case("shuffled_columns", "accepted", "virtual_school",
         "attendance.csv with its columns in another order", "accepted", unchanged=True,
         damage=_rewrite_csv("attendance.csv", _shuffle_columns)),
    Case("every_field_quoted", "accepted", "virtual_school",
         "exclusions.csv with every field in quotes", "accepted", unchanged=True,
         damage=_rewrite_csv("exclusions.csv", lambda rows: rows, quoting=csv.QUOTE_ALL)),
    Case("trailing_blank_lines", "accepted", "virtual_school",
         "peps.csv ending in blank lines", "accepted", unchanged=True,
         damage=_append("peps.csv", b"\n\n\n")),
    Case("sheets_in_another_order", "accepted", "fostering",
         "the fostering tracker's sheets in reverse order", "accepted", unchanged=True,
         damage=_workbook("fostering_tracker.xlsx", _reorder_sheets)),
    Case("csv_injection_string", "accepted", "virtual_school",
         "a cell starting `=HYPERLINK(` in peps.csv", "accepted",
         damage=_rewrite_csv("peps.csv", _set_cell("academic_year", 4, INJECTION)),
         extra_check=_stored("virtual_school__peps", "academic_year", INJECTION)),
    # --- 6. the landing zone says what it ignores -------------------------------------
    Case("folder_not_a_real_date", "landing zone", "virtual_school",
         "a drop folder named 2024-13-45", "reported",
         ("a folder named like YYYY-MM-DD but not a real date (1 of 1)",),
         damage=_folder("2024-13-45")),
    Case("folder_dd_mm_yyyy", "landing zone", "virtual_school",
         "a drop folder named 02-04-2024", "reported",
         ("a folder named like DD-MM-YYYY; drops are named YYYY-MM-DD (1 of 1)",),
         damage=_folder("02-04-2024")),
    Case("folder_named_channel_ping", "landing zone", "virtual_school",
         f"a drop folder named `{HOSTILE_SHEET}`", "reported",
         ("a folder whose name is not a YYYY-MM-DD date (1 of 1)",),
         damage=_folder(HOSTILE_SHEET)),
    Case("drop_older_than_the_newest", "landing zone", "virtual_school",
         "a drop dated before the newest accepted one", "reported",
         (f"drop {PRIMED_DATE - dt.timedelta(days=3)} is older than the newest",),
         damage=_landing(_older_drop)),
    Case("accepted_folder_changed", "landing zone", "virtual_school",
         "a file of the accepted drop corrected in place", "reported",
         (f"drop {PRIMED_DATE} was accepted, and peps.csv changed since",),
         damage=_landing(_changed_accepted)),
    Case("stray_file_in_accepted_drop", "landing zone", "virtual_school",
         "a stray file named after a child in the accepted drop", "reported",
         (f"drop {PRIMED_DATE} holds 1 file(s) the contract does not name",),
         damage=_landing(_stray_file)),
    Case("drop_folder_linked_outside", "landing zone", "virtual_school",
         "the new drop folder a symlink out of the landing zone", "reported",
         (f"drop {NEXT} links outside the landing zone and was refused",),
         damage=_linked_folder, n=N + 1),
]
# fmt: on
