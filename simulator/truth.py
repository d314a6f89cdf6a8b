"""One LA simulated end to end: event truth, and the records each source holds.

`simulate(opts)` runs the life-event modules in order and returns:
- `events`: the true events (what really happened, day numbers), written to
  `_truth/` and used by the tests to compute calibration figures
  (event_tables.py);
- `records`: per contract table, the rows the source system will hold, each
  with the moment it was recorded (source_records.py).
writers.py turns `records` into a snapshot per extract night.

The order of the steps below is part of the output: most draws come from
the World's shared streams, so running a module earlier or later changes
every number after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from simulator import care_leavers, education, health, permanence, reviews_visits, risk
from simulator.backlog import apply_backlogs
from simulator.care_episodes import Careers
from simulator.config import Options
from simulator.event_tables import SimulatedRows, event_tables
from simulator.fostering import Fostering
from simulator.periods import in_window
from simulator.profile import Profile
from simulator.source_records import RecordTable, source_records
from simulator.workforce import Workforce
from simulator.world import World


@dataclass
class Truth:
    world: World
    events: dict[str, pd.DataFrame]
    records: dict[tuple[str, str], RecordTable]
    # one row per injected recording backlog (_truth/backlogs.jsonl)
    backlogs: list[dict] = field(default_factory=list)


def simulate(opts: Options, profile: Profile | None = None) -> Truth:
    world = World(opts, profile or Profile())
    rows = _simulate_rows(world)
    events = event_tables(world, rows)
    records = source_records(world, events)
    backlogs = apply_backlogs(records, opts.backlogs, opts.seed, opts.la_code)
    return Truth(world, events, records, backlogs)


def _simulate_rows(world: World) -> SimulatedRows:
    """Every life-event module, in the order the random streams expect."""
    fostering = Fostering(world)
    fostering.simulate_mainstream()
    careers = Careers(world, fostering)
    careers.run()
    # posts are funded for the expected caseload, not the day-to-day count
    profile = world.profile
    workforce = Workforce(
        world,
        profile.expected_lac * world.scale,
        profile.expected_care_leavers * world.scale,
    )
    allocations = _allocate_looked_after(world, careers, workforce)
    reviews, care_plans = reviews_visits.reviews_and_plans(world, careers)
    leavers = care_leavers.care_leaver_records(world, careers, workforce)
    for idx, adviser_allocations in leavers.allocations.items():
        allocations.setdefault(idx, []).extend(adviser_allocations)
    # permanence orders and long-term matches (a stream of their own)
    permanence_stream = permanence.stream(world)
    orders = permanence.legal_statuses(world, careers, permanence_stream)
    matches = permanence.matches(world, careers, permanence_stream)
    visits = reviews_visits.visits(
        world, careers, allocations, permanence.permanent_from(careers, matches)
    )
    assessments = health.assessments(world, careers)
    virtual_school = education.virtual_school(world, careers)
    risk_records = risk.risk_records(world, careers)
    return SimulatedRows(
        careers=careers,
        fostering=fostering,
        workers=workforce.workers,
        allocations=allocations,
        reviews=reviews,
        plans=care_plans + leavers.pathway_plans,
        visits=visits,
        assessments=assessments,
        care_leavers=leavers,
        virtual_school=virtual_school,
        risk=risk_records,
        permanence_orders=orders,
        permanence_matches=matches,
    )


def _allocate_looked_after(
    world: World, careers: Careers, workforce: Workforce
) -> dict[int, list[tuple]]:
    """Child idx -> social worker allocations over their periods in the extracts' window."""
    allocations: dict[int, list[tuple]] = {}
    for c in careers.children:
        for period in c.periods:
            if in_window(world, period):
                allocations.setdefault(c.idx, []).extend(
                    workforce.allocate("LAC", max(period.start, world.cutoff - 30), period.end)
                )
    return allocations
