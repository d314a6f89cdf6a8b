"""When each source last delivered, and whether it is late.

Belongs here: reading the newest accepted extract per source from the raw
history (read-only, never blocking the nightly run) and judging each source
against its contract cadence: a daily source is late after one missed night,
a weekly or rarer one a day after its missed delivery (`grace_days`). The late-source sensor and
the report's "sources" panel (reporting/build.py) both use it.

Why not Dagster's own freshness checks or freshness policies: they judge an
asset by when it was last materialized (or observed). The ingest assets are
materialized every night, also when a source dropped nothing ("no new drop"
is a pass, so dbt runs on what is there), so to Dagster a source that stopped
delivering a month ago would look fresh. What matters is the date of the
newest *accepted extract*, which only the raw history's `_extract_log` knows;
a rejected drop must not count either. Freshness policies would also need the
ingest assets to report that date as their last-update time, and in open
source they raise no alert of their own: a sensor would still have to turn
the result into this Slack message.

"Never sent" is not "late": a council may send only some sources (the
SSDA903 return alone, say). The landing zone says which: a source with no
folder `<landing>/<source>/` that has never delivered is not sent, so it is
never late and is shown as "not sent". Creating the folder (empty) says the
source is expected: from then on, nothing in it is late. A source that once
delivered stays expected, whatever its folder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from contract import Contract
from dagster_project import raw_history

# A source's extract of night N is dropped that night and ingested by the
# nightly run in the small hours of N + 1: a delivery due on night N can only
# be missed once that run is over.
INGEST_LAG_DAYS = 1

# The schedule starts the run at 02:00 (schedules.py) and it takes minutes;
# by 06:00 local time tonight's drops are in the raw history, or the run's
# own failure alert has already spoken. Judging earlier would call a daily
# source late every morning between midnight and the run finishing.
NIGHTLY_RUN_DONE_BY = dt.time(6, 0)


def grace_days(cadence_days: int) -> int:
    """Days a missed delivery is forgiven after the run that should have taken it.

    Daily: none. A daily source is late after one missed night (the issue's
    rule), from the morning the nightly run should have ingested it. Weekly
    or rarer: one day, because such suppliers' jobs commonly slip a day (a
    tracker saved on Tuesday instead of Monday) and a figure a week old is not
    made worse by a day; a day later they are late.
    """
    return 0 if cadence_days <= 1 else 1


@dataclass(frozen=True)
class SourceStatus:
    source: str
    cadence_days: int
    newest_extract_date: dt.date | None
    # days past the night the next extract should have landed (newest + cadence)
    days_overdue: int
    # the council sends it (see the module's docstring); a source not sent is never late
    is_sent: bool = True
    # whether tonight's nightly run is over (NIGHTLY_RUN_DONE_BY has passed)
    run_done: bool = True

    @property
    def is_late(self) -> bool:
        if not self.is_sent:
            return False
        if self.newest_extract_date is None:
            return True
        allowed = INGEST_LAG_DAYS + grace_days(self.cadence_days)
        return self.days_overdue > allowed or (self.days_overdue == allowed and self.run_done)


class RawHistoryUnavailable(Exception):
    """The raw history cannot be read now (missing, or a writer holds the lock)."""


def newest_accepted_extracts(raw_db_path: Path) -> dict[str, dt.date]:
    """Newest accepted extract date per source, read without taking the write lock."""
    if not raw_db_path.exists():
        raise RawHistoryUnavailable(f"no raw history at {raw_db_path.name} yet")
    try:
        con = duckdb.connect(str(raw_db_path), read_only=True)
    except duckdb.Error as exc:
        # DuckDB allows one writer per file, and a read-only open fails while
        # the nightly run writes: try again next tick rather than error.
        raise RawHistoryUnavailable(
            f"raw history is locked or unreadable ({type(exc).__name__})"
        ) from exc
    try:
        return raw_history.latest_accepted_extract_dates(con)
    except duckdb.Error as exc:
        raise RawHistoryUnavailable(f"no extract log to read ({type(exc).__name__})") from exc
    finally:
        con.close()


def is_sent(source: str, newest: dict[str, dt.date], landing_dir: Path | None) -> bool:
    """Whether the council sends `source`: it has delivered, or has a landing folder.

    Without a landing folder to look at (None), every source counts as sent.
    """
    if landing_dir is None or source in newest:
        return True
    return (landing_dir / source).is_dir()


def source_statuses(
    newest: dict[str, dt.date],
    contract: Contract,
    today: dt.date,
    landing_dir: Path | None = None,
    run_done: bool = True,
) -> list[SourceStatus]:
    """Each source's status on `today`; `run_done`: that day's nightly run is over."""
    statuses = []
    for source in contract.sources:
        date = newest.get(source.name)
        due = date + dt.timedelta(days=source.cadence_days) if date else None
        overdue = (today - due).days if due else 0
        statuses.append(
            SourceStatus(
                source=source.name,
                cadence_days=source.cadence_days,
                newest_extract_date=date,
                days_overdue=max(overdue, 0),
                is_sent=is_sent(source.name, newest, landing_dir),
                run_done=run_done,
            )
        )
    return statuses


def local_now(timezone: str) -> dt.datetime:
    """Now in the council's time zone (settings.timezone, Europe/London by default)."""
    return dt.datetime.now(ZoneInfo(timezone))


def local_today(timezone: str) -> dt.date:
    """Today in the council's time zone (settings.timezone, Europe/London by default)."""
    return local_now(timezone).date()


def nightly_run_done(now: dt.datetime) -> bool:
    """Whether the nightly run of `now`'s day should be over."""
    return now.time() >= NIGHTLY_RUN_DONE_BY
