"""The validator's fake 903 return, read by the reader and as plain text, and broken copies.

`FakeData` holds the return read once (the reader) and every file's rows as
text (the csv module), so a test can recompute the rows that break a rule
from the text, independently of the rule's code. `mutated` writes a copy of
one file with chosen rows changed and reads it back into the return in place
of the original, so a rule can be shown to catch exactly the rows broken.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

from dagster_project.ssda903.read_csv import read_csv_table
from dagster_project.ssda903.reader import Ssda903Return, read_return

# The validator's fake return runs to 31 March 2018: its latest episode starts
# on 31/03/2018 (collection year 2017/18).
FAKE_YEAR = 2018
YEAR_START, YEAR_END = date(2017, 4, 1), date(2018, 3, 31)
# The clean decisions file; placed_for_adoption_errors.csv replaces it in the
# "errors" variant (two of the DfE's adoption rules are broken there).
CLEAN_DECISIONS = "placed_for_adoption.csv"
ERROR_DECISIONS = "placed_for_adoption_errors.csv"


@cache  # the same few thousand dates are parsed by many cases
def day(text: str) -> date | None:
    """A dd/mm/yyyy date, or None when blank or not a date."""
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def text_of(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def shifted(text: str, days: int) -> str:
    return text_of(day(text) + timedelta(days=days))


def age_on(dob: date, when: date) -> int:
    """Whole years of age on a date, counted by hand."""
    had_birthday = (when.month, when.day) >= (dob.month, dob.day)
    return when.year - dob.year - (0 if had_birthday else 1)


def line(index: int) -> str:
    """The source location of data row `index` (0-based): the header is line 1."""
    return f"line {index + 2}"


def code(text: str) -> str:
    return text.strip().upper()


@dataclass
class FakeData:
    folder: Path
    rows: dict[str, list[dict[str, str]]]
    fields: dict[str, list[str]]
    _returns: dict[tuple[int, str], Ssda903Return] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> FakeData:
        rows, fields = {}, {}
        for path in sorted(folder.glob("*.csv")):
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                rows[path.name] = list(reader)
                fields[path.name] = list(reader.fieldnames or [])
        return cls(folder, rows, fields)

    def files(self, decisions: str) -> list[Path]:
        other = ERROR_DECISIONS if decisions == CLEAN_DECISIONS else CLEAN_DECISIONS
        return sorted(p for p in self.folder.glob("*.csv") if p.name != other)

    def read(self, year: int = FAKE_YEAR, decisions: str = CLEAN_DECISIONS) -> Ssda903Return:
        """The fake return read as `year`'s (once per year and decisions file)."""
        key = (year, decisions)
        if key not in self._returns:
            self._returns[key] = read_return(self.files(decisions), collection_year=year)
        return self._returns[key]

    # text views the expected rows are computed from
    def dob(self) -> dict[str, date | None]:
        return {r["CHILD"]: day(r["DOB"]) for r in self.rows["header.csv"]}

    def episodes_by_child(self) -> dict[str, list[tuple[int, dict[str, str]]]]:
        """Each child's episodes with a start date, in start order (file order on a tie)."""
        out: dict[str, list[tuple[int, dict[str, str]]]] = {}
        for i, r in enumerate(self.rows["episodes.csv"]):
            if r["CHILD"] and day(r["DECOM"]):
                out.setdefault(r["CHILD"], []).append((i, r))
        for child in out:
            out[child].sort(key=lambda pair: day(pair[1]["DECOM"]))
        return out

    def mutated(
        self,
        tmp_path: Path,
        file: str,
        changes: dict[int, dict[str, str]],
        year: int = FAKE_YEAR,
    ) -> Ssda903Return:
        """The return with data rows of `file` changed (row index -> new values)."""
        rows = [dict(r) for r in self.rows[file]]
        for index, values in changes.items():
            rows[index].update(values)
        folder = tmp_path / "mutated"
        folder.mkdir(exist_ok=True)
        path = folder / file
        with path.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=self.fields[file])
            writer.writeheader()
            writer.writerows(rows)
        name, frame, problems = read_csv_table(path, year)
        base = self.read(year)
        tables = dict(base.tables)
        tables[name] = frame
        kept = [p for p in base.problems if p.file != file]
        return Ssda903Return(tables, kept + problems)
