"""A child's career in care as data: the child, periods of care, placements, episodes.

What belongs here: the records care_episodes.py builds and the other
life-event modules read, and small questions about them (is a period in the
extracts' window, when does it stop, which age band). No random draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator import adoption
from simulator.dates import NONE
from simulator.world import World


@dataclass
class Placement:
    start: int
    place: str
    provider: str
    carer: int  # identifies the carers; same value = same carers
    urn: str
    postcode: str
    reason_left: str = ""  # REASON_PLACE_CHANGE when this placement ends

    def continued(self, start: int, place: str | None = None) -> Placement:
        """The same carers from `start` (a new episode), optionally as another placement type."""
        return Placement(
            start, place or self.place, self.provider, self.carer, self.urn, self.postcode
        )


@dataclass(slots=True)
class Episode:
    """One SSDA903 episode: a change of legal status, placement or carers starts one."""

    start: int  # DECOM
    reason_new: str  # RNE
    legal_status: str
    category_of_need: str
    place: str
    provider: str
    end: int  # DEC; NONE while open
    reason_ended: str  # REC (X1 when another episode follows)
    reason_place_change: str
    home_postcode: str
    placement_postcode: str
    urn: str
    carer: int

    def as_row(self) -> tuple:
        """In the order of event_tables.EPISODE_COLUMNS (after idx and period)."""
        return (
            self.start,
            self.reason_new,
            self.legal_status,
            self.category_of_need,
            self.place,
            self.provider,
            self.end,
            self.reason_ended,
            self.reason_place_change,
            self.home_postcode,
            self.placement_postcode,
            self.urn,
            self.carer,
        )


@dataclass
class Period:
    child: int
    start: int
    end: int  # NONE while still looked after at the end of the history
    reason: str
    route: str
    short_break: bool
    episodes: list[Episode] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    adoption: adoption.AdoptionPlan | None = None


@dataclass
class Child:
    idx: int
    dob: int
    sex: str
    ethnic: str
    uasc: bool
    home_postcode: str
    sibling_group: int = -1
    short_break: bool = False
    periods: list[Period] = field(default_factory=list)


def in_window(world: World, period: Period) -> bool:
    """A period of care (not short breaks) the case system's operational records cover."""
    return not period.short_break and (period.end == NONE or period.end >= world.cutoff)


def period_stop(world: World, period: Period) -> int:
    """The day after the period's last day in care (after the history if still open)."""
    return world.end + 1 if period.end == NONE else period.end


def age_band(age_days: int) -> int:
    """0 under 1, 1 aged 1-4, 2 aged 5-9, 3 aged 10-15, 4 aged 16+."""
    if age_days < 365:
        return 0
    if age_days < 5 * 365:
        return 1
    if age_days < 10 * 365:
        return 2
    return 3 if age_days < 16 * 365 else 4
