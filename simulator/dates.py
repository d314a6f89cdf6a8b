"""Day arithmetic on integer day numbers (days since 1970-01-01).

The simulation keeps every date as an int so that lists and numpy arrays stay
cheap; this module converts, adds working days and formats. Working days
skip Saturdays and Sundays but not bank holidays (documented simplification:
20 working days is then 28 calendar days, bank holidays would add 0-2).
"""

from __future__ import annotations

import bisect
import datetime as dt

import numpy as np

EPOCH = dt.date(1970, 1, 1)
NONE = -(10**6)  # "no date" sentinel in int day columns


def to_day(d: dt.date) -> int:
    return (d - EPOCH).days


def from_day(n: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(n))


def weekday(day: int) -> int:
    """Monday 0 ... Sunday 6 (1970-01-01 was a Thursday)."""
    return (day + 3) % 7


def add_working_days(day: int, n: int) -> int:
    """The date n working days after `day` (weekends skipped)."""
    weeks, rem = divmod(n, 5)
    day += weeks * 7
    while rem > 0:
        day += 1
        if weekday(day) < 5:
            rem -= 1
    while weekday(day) >= 5:
        day += 1
    return day


def add_years(day: int, years: int) -> int:
    d = from_day(day)
    try:
        return to_day(d.replace(year=d.year + years))
    except ValueError:  # 29 February
        return to_day(d.replace(year=d.year + years, day=28))


_Y0 = 1900
_MONTH_START = [to_day(dt.date(_Y0 + i // 12, i % 12 + 1, 1)) for i in range(12 * 200 + 1)]


def add_months(day: int, months: int) -> int:
    """Same day of the month `months` later (clamped to the month's last day)."""
    i = bisect.bisect_right(_MONTH_START, day) - 1
    dom = day - _MONTH_START[i]
    j = i + months
    return _MONTH_START[j] + min(dom, _MONTH_START[j + 1] - _MONTH_START[j] - 1)


class DayFormatter:
    """Vectorised formatting of int days / int seconds with strftime patterns."""

    LO = to_day(dt.date(1940, 1, 1))
    HI = to_day(dt.date(2080, 1, 1))

    def __init__(self) -> None:
        self._tables: dict[str, np.ndarray] = {}

    def _table(self, fmt: str) -> np.ndarray:
        if fmt not in self._tables:
            iso = np.datetime_as_string(np.arange(self.LO, self.HI).astype("datetime64[D]"))
            py = fmt.replace("%Y", "{Y}").replace("%m", "{m}").replace("%d", "{d}")
            assert "%" not in py, f"unsupported date format {fmt}"
            self._tables[fmt] = np.array(
                [py.format(Y=s[:4], m=s[5:7], d=s[8:10]) for s in iso], dtype=object
            )
        return self._tables[fmt]

    def dates(self, days: np.ndarray, fmt: str) -> np.ndarray:
        days = np.asarray(days, dtype=np.int64)
        out = np.full(days.shape, "", dtype=object)
        ok = days != NONE
        out[ok] = self._table(fmt)[np.clip(days[ok], self.LO, self.HI - 1) - self.LO]
        return out

    def datetimes(self, seconds: np.ndarray, fmt: str) -> np.ndarray:
        """Format int seconds; `fmt` is a date pattern followed by %H, %M, %S parts."""
        seconds = np.asarray(seconds, dtype=np.int64)
        i = fmt.index("%H")
        date_part, time_part = fmt[:i], fmt[i:]
        days = seconds // 86400
        rest = seconds % 86400
        hh, mm, ss = rest // 3600, (rest // 60) % 60, rest % 60
        two = np.array([f"{k:02d}" for k in range(60)], dtype=object)
        time_s = time_part.replace("%H", "{H}").replace("%M", "{M}").replace("%S", "{S}")
        # build "HH:MM:SS"-like strings by concatenation of object arrays
        pieces = []
        rest_fmt = time_s
        out = self.dates(days, date_part) if date_part else np.full(days.shape, "", object)
        while rest_fmt:
            for tag, arr in (("{H}", hh), ("{M}", mm), ("{S}", ss)):
                if rest_fmt.startswith(tag):
                    pieces.append(two[arr])
                    rest_fmt = rest_fmt[len(tag) :]
                    break
            else:
                pieces.append(rest_fmt[0])
                rest_fmt = rest_fmt[1:]
        for p in pieces:
            out = out + p
        return out


FORMATTER = DayFormatter()
