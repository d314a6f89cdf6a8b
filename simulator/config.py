"""Options of one run: where to write, which LA, which seed, which history, which backlogs.

The numbers that shape the simulated LA itself are in profile.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

# Default population: a metropolitan borough of the papers' size (ONS mid-year
# 0-17 population about 57,000).
DEFAULT_POPULATION = 57_000


# Record types a recording backlog can hit, and the case-system table each
# lives in (the lag gate's record types, dagster_project/gates/lag/).
BACKLOG_RECORD_TYPES: dict[str, tuple[str, str]] = {
    "health_assessments": ("social_care", "health_assessments"),
    "dental_checks": ("social_care", "health_assessments"),
    "initial_health_assessments": ("social_care", "health_assessments"),
    "reviews": ("social_care", "reviews"),
    "visits": ("social_care", "visits"),
    "peps": ("virtual_school", "peps"),
    "episodes": ("social_care", "episodes"),
}


@dataclass(frozen=True)
class Backlog:
    """A recording backlog: one record type stops reaching its system, then catches up.

    The papers' missed-confirmation process (2017: the nurse team's 93%
    against the case system's 81%): from `start`, for `weeks` weeks, nothing
    of `record_type` is typed in; every record that would have been recorded
    in that time is recorded in the catch-up after it.
    """

    record_type: str
    start: dt.date
    weeks: int

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(weeks=self.weeks)

    @staticmethod
    def parse(text: str) -> Backlog:
        """`TYPE:YYYY-MM-DD:WEEKS`, e.g. `visits:2026-09-01:3`."""
        name, start, weeks = text.split(":")
        if name not in BACKLOG_RECORD_TYPES:
            raise ValueError(f"unknown record type {name!r}: one of {sorted(BACKLOG_RECORD_TYPES)}")
        backlog = Backlog(name, dt.date.fromisoformat(start), int(weeks))
        if backlog.weeks < 1:
            raise ValueError("a backlog lasts at least one week")
        return backlog


# Why 5 working days of catch-up: a team clearing a backlog types it in over
# about a week (the papers' "re-run mid-month" picks most of it up).
BACKLOG_CATCH_UP_WORKING_DAYS = 5


@dataclass(frozen=True)
class Options:
    """One LA's run: where to write, which LA, which seed, which history."""

    out: str = "data/landing"
    la_code: str = "999"
    seed: int = 20261123
    start: dt.date = dt.date(2020, 4, 1)
    end: dt.date = dt.date(2026, 10, 31)
    extracts: int = 1
    population: int = DEFAULT_POPULATION
    clean: bool = False
    defect_rate: float = 1.0
    nights: tuple[dt.date, ...] = ()
    write_truth: bool = True
    # recording backlogs to inject (none by default; --backlog)
    backlogs: tuple[Backlog, ...] = ()
    # "social_care": the case system's extract and the other sources' drops;
    # "ssda903": a 903-only council (simulator/ssda903_writer.py), as DfE CSV
    # tables or the DfE XML (ssda903_form "csv" or "xml")
    extract_format: str = "social_care"
    ssda903_form: str = "csv"
    # Years simulated before `start` so the stock, care leavers and long-term
    # placements are realistic from the first month (a child in care at start
    # may have come in 18 years before; care leavers are up to 25).
    warmup_years: int = 19

    def scaled(self) -> float:
        return self.population / DEFAULT_POPULATION

    def with_(self, **kw) -> Options:
        return replace(self, **kw)

    def extract_nights(self) -> list[dt.date]:
        if self.nights:
            return sorted(set(self.nights))
        return [self.end - dt.timedelta(days=i) for i in range(self.extracts - 1, -1, -1)]
