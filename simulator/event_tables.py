"""The event truth as tables: what really happened, one DataFrame per kind of event.

What belongs here: turning the simulated careers and the rows each life-event
module returned into the `_truth/` tables (day numbers, child `idx` plus the
child's id and date of birth). The children's identifiers are drawn here and
episodes get their recording moments here, from the main numpy stream, in
that order: the order of draws is part of the output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator import ids, population
from simulator.care_episodes import Careers
from simulator.care_leavers import CareLeaverRecords
from simulator.dates import NONE
from simulator.education import VirtualSchoolRecords
from simulator.fostering import Fostering
from simulator.lag import NEVER, recorded
from simulator.risk import RiskRecords
from simulator.world import World

EPISODE_COLUMNS = [
    "idx",
    "period",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
    "carer",
]
ATTENDANCE_COLUMNS = [
    "idx",
    "academic_year",
    "term",
    "sessions_possible",
    "sessions_missed",
    "reduced_timetable",
    "term_end",
]
HOUSEHOLD_COLUMNS = [
    "household_id",
    "carer_type",
    "approval_date",
    "places_approved",
    "deregistration_date",
    "reason",
]
AD1_COLUMNS = [
    "idx",
    "DATE_INT",
    "DATE_PLACEMENT_ORDER",
    "DATE_MATCH",
    "FOSTER_CARE",
    "NB_ADOPTR",
    "SEX_ADOPTR",
    "LS_ADOPTR",
]


@dataclass
class SimulatedRows:
    """Every row the life-event modules produced, before it becomes a table."""

    careers: Careers
    fostering: Fostering
    workers: list[list]
    allocations: dict[int, list[tuple]]
    reviews: list[tuple]
    plans: list[tuple]
    visits: list[tuple]
    assessments: list[tuple]
    care_leavers: CareLeaverRecords
    virtual_school: VirtualSchoolRecords
    risk: RiskRecords
    permanence_orders: list[tuple]
    permanence_matches: list[tuple]


def frame(rows: list, columns: list[str]) -> pd.DataFrame:
    """A DataFrame of these rows; an empty one with the columns when there are none."""
    if rows:
        return pd.DataFrame.from_records(rows, columns=columns)
    return pd.DataFrame(columns=columns)


def event_tables(w: World, rows: SimulatedRows) -> dict[str, pd.DataFrame]:
    """The `_truth/` tables, by name."""
    children = _children(w, rows)

    def with_child(df: pd.DataFrame) -> pd.DataFrame:
        return df.merge(children[["idx", "child", "dob"]], on="idx", how="left")

    episodes, periods = _episodes_and_periods(w, rows.careers)
    episodes = with_child(episodes)
    school = rows.virtual_school
    risk = rows.risk
    ad1, placed_for_adoption = _adoption_rows(w, rows.careers)
    allocation_rows = [
        (idx, *allocation)
        for idx, allocations in rows.allocations.items()
        for allocation in allocations
    ]
    allocations = with_child(frame(allocation_rows, ["idx", "WORKER_ID", "START_DATE", "END_DATE"]))
    allocations = allocations.sort_values(["idx", "START_DATE"], kind="stable")
    return {
        "children": children,
        "periods": periods,
        "episodes": episodes,
        "reviews": with_child(frame(rows.reviews, ["idx", "due", "REVIEW", "REVIEW_CODE"])),
        "plans": with_child(frame(rows.plans, ["idx", "PLAN_TYPE", "PLAN_DATE"])),
        "visits": with_child(
            frame(rows.visits, ["idx", "due", "VISIT_DATE", "SEEN_ALONE", "WORKER_ID", "leader"])
        ),
        "assessments": with_child(
            frame(rows.assessments, ["idx", "type", "due", "date", "outcome"])
        ),
        "care_leavers": with_child(
            frame(rows.care_leavers.leavers, ["idx", "b18", "service_end", "reason", "to25"])
        ),
        "oc3": with_child(
            frame(rows.care_leavers.contacts, ["idx", "CONTACT_DATE", "IN_TOUCH", "ACTIV", "ACCOM"])
        ),
        "missing": with_child(frame(risk.missing, ["idx", "MISSING", "MIS_START", "MIS_END"])),
        "child_flags": with_child(frame(risk.flags, ["idx", "FLAG", "START_DATE", "END_DATE"])),
        "uasc": with_child(frame(risk.uasc, ["idx", "DUC"])),
        "peps": with_child(frame(school.peps, ["idx", "academic_year", "term", "pep_date"])),
        "attendance": with_child(frame(school.attendance, ATTENDANCE_COLUMNS)),
        "exclusions": with_child(
            frame(school.exclusions, ["idx", "exclusion_type", "start_date", "sessions"])
        ),
        "allocations": allocations.reset_index(drop=True),
        "workers": frame(
            rows.workers, ["WORKER_ID", "TEAM_ID", "TEAM_NAME", "FTE", "START_DATE", "END_DATE"]
        ),
        "households": frame(rows.fostering.households, HOUSEHOLD_COLUMNS),
        "approvals": frame(
            rows.fostering.approvals,
            ["household_id", "carer_type", "stage", "stage_date", "places_approved"],
        ),
        "ad1": with_child(frame(ad1, AD1_COLUMNS)),
        "placed_for_adoption": with_child(
            frame(
                placed_for_adoption,
                ["idx", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
            )
        ),
        "legal_statuses": with_child(
            frame(rows.permanence_orders, ["idx", "period", "ORDER_TYPE", "ORDER_DATE", "how"])
        ),
        "permanence_matches": with_child(
            frame(rows.permanence_matches, ["idx", "period", "MATCH_DATE", "URN", "carer"])
        ),
        "population": population.mid_year_estimates(w),
    }


def _children(w: World, rows: SimulatedRows) -> pd.DataFrame:
    """One row per child, with identifiers, and whether the case system still holds them."""
    children = rows.careers.children
    count = len(children)
    child_ids = ids.child_ids(w.np, count)
    nhs_numbers = ids.nhs_numbers(w.np, count)
    upns = ids.upns(w.np, count)
    table = pd.DataFrame(
        {
            "idx": np.arange(count),
            "child": child_ids,
            "dob": [c.dob for c in children],
            "sex": [c.sex for c in children],
            "ethnic": [c.ethnic for c in children],
            "uasc": [int(c.uasc) for c in children],
            "sibling_group": [c.sibling_group for c in children],
            "short_break": [int(c.short_break) for c in children],
            "upn": upns,
            "nhs_number": nhs_numbers,
        }
    )
    service_end = {leaver[0]: leaver[2] for leaver in rows.care_leavers.leavers}
    in_extracts = np.zeros(count, dtype=bool)
    for c in children:
        for period in c.periods:
            if period.end == NONE or period.end >= w.cutoff:
                in_extracts[c.idx] = True
        leaving_care_until = service_end.get(c.idx)
        if leaving_care_until is not None and leaving_care_until >= w.cutoff:
            in_extracts[c.idx] = True
    table["in_extracts"] = in_extracts.astype(int)
    return table


def _episodes_and_periods(w: World, careers: Careers) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Episodes (with the moments their start and end were recorded) and periods of care."""
    episode_rows, period_rows = [], []
    for c in careers.children:
        for number, period in enumerate(c.periods):
            period_rows.append(
                (
                    c.idx,
                    number,
                    period.start,
                    period.end,
                    period.reason,
                    period.route,
                    int(period.short_break),
                )
            )
            for episode in period.episodes:
                episode_rows.append((c.idx, number, *episode.as_row()))
    episodes = frame(episode_rows, EPISODE_COLUMNS)
    periods = frame(
        period_rows, ["idx", "period", "start", "end", "reason", "route", "short_break"]
    )
    episodes["URN"] = episodes["URN"].astype(str)
    lag = w.profile.lag
    clean = w.opts.clean
    started_recorded = recorded(w, episodes["DECOM"].to_numpy(), lag["episode"], clean)
    episodes["_rec"] = started_recorded
    # an X1 closure is typed in with the next episode; a final one on its own
    next_started_recorded = np.roll(started_recorded, -1)
    next_is_same_child = np.roll(episodes["idx"].to_numpy(), -1) == episodes["idx"].to_numpy()
    ended_recorded = recorded(
        w,
        np.where(episodes["DEC"] == NONE, 0, episodes["DEC"]),
        lag["episode_end"],
        clean,
        after=started_recorded,
    )
    closed_by_next = (episodes["REC"] == "X1").to_numpy() & next_is_same_child
    ended_recorded = np.where(
        closed_by_next, np.maximum(next_started_recorded, started_recorded + 60), ended_recorded
    )
    ended_recorded = np.where(episodes["DEC"].to_numpy() == NONE, NEVER, ended_recorded)
    episodes["_rec_end"] = ended_recorded
    return episodes, periods


def _adoption_rows(w: World, careers: Careers) -> tuple[list[tuple], list[tuple]]:
    """AD1 rows and placed-for-adoption rows, as known by the end of the history."""
    ad1_rows, placed_rows = [], []
    for c in careers.children:
        for period in c.periods:
            plan = period.adoption
            if plan is None or plan.shobpa > w.end:
                continue
            match = plan.match if plan.match is not None and plan.match <= w.end else NONE
            placement_order = plan.placement_order if plan.placement_order <= w.end else NONE
            if plan.reversed_on is not None and plan.reversed_on < placement_order:
                placement_order = NONE
            ad1_rows.append(
                (
                    c.idx,
                    plan.shobpa,
                    placement_order,
                    match,
                    "1" if plan.by_foster_carers else "0",
                    plan.nb_adoptr,
                    plan.sex_adoptr,
                    plan.ls_adoptr,
                )
            )
            ceased, reason = NONE, ""
            if plan.reversed_on is not None and plan.reversed_on <= w.end:
                ceased, reason = plan.reversed_on, plan.reversal_reason
            elif plan.order is not None and plan.order <= w.end:
                ceased, reason = plan.order, plan.order_reason
            placed_rows.append((c.idx, plan.shobpa, ceased, reason))
    return ad1_rows, placed_rows
