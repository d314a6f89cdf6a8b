"""The report's themes: which catalogue domains each narrative page holds.

The papers group their indicators into the same eight themes every month
(care population, health, placements and stability, permanence and adoption,
care leavers, education, fostering, workforce). The catalogue's `domain` is
finer, so this maps each domain to its page. A domain missing here lands on
the last page ("Other indicators") rather than vanishing from the report.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    slug: str
    title: str
    domains: tuple[str, ...]
    # The workbook's sheet name: Excel allows 31 characters.
    sheet: str = ""

    @property
    def sheet_name(self) -> str:
        return (self.sheet or self.title)[:31]


THEMES: tuple[Theme, ...] = (
    Theme(
        "care_population",
        "Care population",
        ("looked_after_population", "youth_offending", "missing"),
    ),
    Theme(
        "health",
        "Health, plans, reviews and visits",
        ("health", "plans_reviews_visits"),
        sheet="Health, plans, reviews, visits",
    ),
    Theme("placements", "Placements and stability", ("placements",)),
    Theme("permanence", "Permanence and adoption", ("permanence", "adoption")),
    Theme("care_leavers", "Care leavers", ("care_leavers",)),
    Theme("education", "Education (Virtual School)", ("education_virtual_school",)),
    Theme("fostering", "Fostering", ("fostering",)),
    Theme("workforce", "Workforce", ("workforce",)),
)

OTHER = Theme("other", "Other indicators", ())


def theme_of(domain: str | None) -> Theme:
    for theme in THEMES:
        if domain in theme.domains:
            return theme
    return OTHER
