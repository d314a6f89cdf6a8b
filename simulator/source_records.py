"""What each source system holds: the event truth as rows recorded, and when.

What belongs here: for every contract table, the rows its source system
will hold (children it still holds, operational records from the cutoff),
each with the moment it was recorded (`_rec`) and, for rows that change
later (an episode closed, an adoption matched), the moment of each change.
writers.py turns these into a snapshot per extract night. Recording moments
come from the main numpy stream in the order the tables are built here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulator.dates import NONE
from simulator.lag import DAY, NEVER, recorded
from simulator.profile import LagSpec
from simulator.world import World


@dataclass
class RecordTable:
    """Rows of one contract table: final values, when recorded, later changes."""

    df: pd.DataFrame
    # (recorded-at column, columns that are blank until then)
    groups: list[tuple[str, list[str]]] = field(default_factory=list)


class _Recorder:
    """Builds the record tables of one LA, drawing recording moments in call order."""

    def __init__(self, w: World, events: dict[str, pd.DataFrame]) -> None:
        self.world = w
        self.events = events
        self.lag = w.profile.lag
        self.children = events["children"]
        self.held_children = set(self.children.loc[self.children["in_extracts"] == 1, "idx"])
        self.tables: dict[tuple[str, str], RecordTable] = {}

    def held(self, df: pd.DataFrame, day_column: str | None = None) -> pd.DataFrame:
        """Rows of children the system still holds; operational records from the cutoff."""
        kept = df["idx"].isin(self.held_children)
        if day_column is not None:
            kept &= df[day_column] >= self.world.cutoff
        return df[kept].reset_index(drop=True)

    def recorded(self, days, spec: LagSpec) -> np.ndarray:
        return recorded(self.world, days, spec, self.world.opts.clean)

    def change_recorded(
        self, df: pd.DataFrame, day_column: str, spec: LagSpec, after: str = "_rec"
    ) -> np.ndarray:
        """When a later change (a day in `day_column`, NONE if none yet) was recorded."""
        days = df[day_column].to_numpy()
        moments = recorded(
            self.world,
            np.where(days == NONE, 0, days),
            spec,
            self.world.opts.clean,
            after=df[after].to_numpy(),
        )
        return np.where(days == NONE, NEVER, moments)

    def social_care(
        self,
        name: str,
        day_column: str,
        spec: LagSpec,
        changes: tuple = (),
        from_cutoff: bool = True,
    ) -> pd.DataFrame:
        """A case-system table of the event table `name`: recorded after `day_column`;
        `changes`: (recorded-at column, columns it fills, day column, lag) of later changes."""
        df = self.held(self.events[name], day_column if from_cutoff else None)
        df = df.rename(columns={"child": "CHILD"})
        df["_rec"] = self.recorded(df[day_column].to_numpy(), spec)
        groups = []
        for recorded_column, columns, change_day_column, change_spec in changes:
            df[recorded_column] = self.change_recorded(df, change_day_column, change_spec)
            groups.append((recorded_column, columns))
        self.tables[("social_care", name)] = RecordTable(df, groups)
        return df


def source_records(w: World, events: dict[str, pd.DataFrame]) -> dict[tuple[str, str], RecordTable]:
    """Per (source, table), the rows the source holds, with recording timestamps.

    Adds the two registers' recording moments to `events["assessments"]` (the
    lag tests read them). The order of the steps is the order of the draws.
    """
    recorder = _Recorder(w, events)
    first_recorded = _episodes_and_header(recorder)
    _care_records(recorder, first_recorded)
    _health_assessments(recorder)
    _flags_and_workforce(recorder)
    _virtual_school(recorder)
    _fostering(recorder)
    return recorder.tables


def _episodes_and_header(recorder: _Recorder) -> pd.Series:
    """Episodes and the child header (recorded with the child's first episode)."""
    w, children = recorder.world, recorder.children
    episodes = recorder.held(recorder.events["episodes"]).rename(columns={"child": "CHILD"})
    recorder.tables[("social_care", "episodes")] = RecordTable(
        episodes, [("_rec_end", ["DEC", "REC", "REASON_PLACE_CHANGE"])]
    )
    first_recorded = episodes.groupby("idx")["_rec"].min()
    header = children[children["idx"].isin(first_recorded.index)].copy()
    header["_rec"] = header["idx"].map(first_recorded).to_numpy()
    header = header.rename(
        columns={"child": "CHILD", "sex": "SEX", "ethnic": "ETHNIC", "upn": "UPN"}
    )
    header["DOB"] = header["dob"]
    header["UASC"] = header["uasc"].astype(str)
    # not every child has a UPN in the case system (under school age, UASC new arrivals)
    under_4 = (w.end - header["dob"]) < 4 * 365
    header.loc[under_4, "UPN"] = ""
    recorder.tables[("social_care", "header")] = RecordTable(header.reset_index(drop=True))
    return first_recorded


def _care_records(recorder: _Recorder, first_recorded: pd.Series) -> None:
    """Reviews, missing episodes, UASC, adoption, orders, matches, contacts, visits, plans."""
    lag = recorder.lag
    recorder.social_care("reviews", "REVIEW", lag["review"])
    recorder.social_care(
        "missing",
        "MIS_START",
        lag["missing"],
        (("_rec_end", ["MIS_END"], "MIS_END", lag["missing"]),),
    )
    uasc = recorder.held(recorder.events["uasc"]).rename(columns={"child": "CHILD"})
    uasc["_rec"] = uasc["idx"].map(first_recorded).fillna(NEVER).astype(np.int64).to_numpy()
    recorder.tables[("social_care", "uasc")] = RecordTable(uasc)
    placement_order = ["DATE_PLACEMENT_ORDER"]
    ad1 = recorder.social_care(
        "ad1",
        "DATE_INT",
        lag["adoption"],
        (("_rec_po", placement_order, "DATE_PLACEMENT_ORDER", lag["adoption"]),),
        from_cutoff=False,
    )
    # a match is recorded after the placement order, never without one
    match = recorder.change_recorded(ad1, "DATE_MATCH", lag["adoption"], after="_rec_po")
    ad1["_rec_match"] = np.where(ad1["_rec_po"] == NEVER, NEVER, match)
    recorder.tables[("social_care", "ad1")].groups.append(
        ("_rec_match", ["DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"])
    )
    ceased = ["DATE_PLACED_CEASED", "REASON_PLACED_CEASED"]
    recorder.social_care(
        "placed_for_adoption",
        "DATE_PLACED",
        lag["adoption"],
        (("_rec_end", ceased, "DATE_PLACED_CEASED", lag["adoption"]),),
        from_cutoff=False,
    )
    recorder.social_care("legal_statuses", "ORDER_DATE", lag["legal_status"], from_cutoff=False)
    matches = recorder.social_care(
        "permanence_matches", "MATCH_DATE", lag["match"], from_cutoff=False
    )
    _ids_by_rec(matches, "MATCH_ID", "M")
    recorder.social_care("oc3", "CONTACT_DATE", lag["oc3"])
    visits = recorder.social_care("visits", "VISIT_DATE", lag["visit"])
    _ids_by_rec(visits, "VISIT_ID", "V")
    _sibling_groups(visits, recorder.world.opts.seed, recorder.world.opts.la_code)
    plans = recorder.social_care("plans", "PLAN_DATE", lag["plan"])
    _ids_by_rec(plans, "PLAN_ID", "P")


def _health_assessments(recorder: _Recorder) -> None:
    """The same assessments in two registers: the case system (completed ones,
    late, some never) and the nurse team's own (every outcome, prompt)."""
    lag, events = recorder.lag, recorder.events
    held = recorder.held(events["assessments"], "date").rename(columns={"child": "CHILD"})
    days = held["date"].to_numpy()
    health_recorded = recorder.recorded(days, lag["health_sc"])
    dental_recorded = recorder.recorded(days, lag["dental_sc"])
    social_care = np.where(held["type"] == "DENTAL", dental_recorded, health_recorded)
    held["_rec_sc"] = np.where(held["outcome"] == "COMPLETED", social_care, NEVER)
    held["_rec_ht"] = recorder.recorded(days, lag["health_team"])
    events["assessments"]["rec_social_care"] = np.int64(NEVER)
    events["assessments"]["rec_health_team"] = np.int64(NEVER)
    case_system = held[held["outcome"] == "COMPLETED"].copy()
    case_system["_rec"] = case_system["_rec_sc"]
    case_system["ASSESSMENT_TYPE"] = case_system["type"]
    case_system["ASSESSMENT_DATE"] = case_system["date"]
    _ids_by_rec(case_system, "ASSESSMENT_ID", "H")
    recorder.tables[("social_care", "health_assessments")] = RecordTable(
        case_system.reset_index(drop=True)
    )
    health_team = held.copy()
    health_team["_rec"] = health_team["_rec_ht"]
    health_team = health_team.rename(
        columns={"CHILD": "child_id", "type": "assessment_type", "date": "assessment_date"}
    )
    health_team = health_team.merge(recorder.children[["idx", "nhs_number"]], on="idx", how="left")
    recorder.tables[("health", "assessments")] = RecordTable(health_team)
    # keep the recording moments in the event truth too (lag tests)
    truth = events["assessments"]
    in_registers = (
        truth["idx"].isin(recorder.held_children) & (truth["date"] >= recorder.world.cutoff)
    ).to_numpy()
    truth.loc[in_registers, "rec_social_care"] = held["_rec_sc"].to_numpy()
    truth.loc[in_registers, "rec_health_team"] = held["_rec_ht"].to_numpy()


def _flags_and_workforce(recorder: _Recorder) -> None:
    lag = recorder.lag
    recorder.social_care(
        "child_flags",
        "START_DATE",
        lag["flag"],
        (("_rec_end", ["END_DATE"], "END_DATE", lag["flag"]),),
        from_cutoff=False,
    )
    # HR set workers up a fortnight before they start and close them two days after
    workers = recorder.events["workers"].copy()
    workers["_rec"] = (workers["START_DATE"] - 14) * DAY + 10 * 3600
    left = (workers["END_DATE"] + 2) * DAY + 11 * 3600
    workers["_rec_end"] = np.where(workers["END_DATE"] == NONE, NEVER, left)
    recorder.tables[("social_care", "workers")] = RecordTable(workers, [("_rec_end", ["END_DATE"])])
    recorder.social_care(
        "allocations",
        "START_DATE",
        lag["allocation"],
        (("_rec_end", ["END_DATE"], "END_DATE", lag["allocation"]),),
        from_cutoff=False,
    )


def _virtual_school(recorder: _Recorder) -> None:
    lag = recorder.lag

    def held_with_upn(name: str) -> pd.DataFrame:
        df = recorder.held(recorder.events[name]).rename(columns={"child": "child_id"})
        return df.merge(recorder.children[["idx", "upn"]], on="idx", how="left")

    peps = held_with_upn("peps")
    peps["_rec"] = recorder.recorded(peps["pep_date"].to_numpy(), lag["pep"])
    recorder.tables[("virtual_school", "peps")] = RecordTable(peps)
    attendance = held_with_upn("attendance")
    attendance["_visible"] = attendance["term_end"] + 14  # returned a fortnight after the term
    attendance["_rec"] = attendance["_visible"] * DAY
    recorder.tables[("virtual_school", "attendance")] = RecordTable(attendance)
    exclusions = held_with_upn("exclusions")
    exclusions["_rec"] = recorder.recorded(exclusions["start_date"].to_numpy(), lag["pep"])
    recorder.tables[("virtual_school", "exclusions")] = RecordTable(exclusions)


def _fostering(recorder: _Recorder) -> None:
    """The fostering tracker (updated by hand: a few days' lag), which keeps
    households that left in the three years before the cutoff."""
    w, lag, events = recorder.world, recorder.lag, recorder.events
    kept_from = w.cutoff - 3 * 365
    households = events["households"].copy()
    first_stage = events["approvals"].groupby("household_id")["stage_date"].min()
    households = households[households["approval_date"] != NONE].copy()
    households = households[households["deregistration_date"] >= kept_from]
    households = households.reset_index(drop=True)
    households["_rec"] = recorder.recorded(households["approval_date"].to_numpy(), lag["fostering"])
    households["_rec_end"] = recorder.change_recorded(
        households, "deregistration_date", lag["fostering"]
    )
    households["status"] = "DEREGISTERED"
    recorder.tables[("fostering", "households")] = RecordTable(
        households, [("_rec_end", ["deregistration_date", "status"])]
    )
    approvals = events["approvals"]
    approvals = approvals[approvals["household_id"].map(first_stage) >= kept_from].copy()
    approved_kept = approvals["household_id"].isin(set(households["household_id"]))
    approvals = approvals[approved_kept | (approvals["stage"] != "APPROVED")]
    approvals = approvals.sort_values(["stage_date", "household_id"], kind="stable")
    approvals = approvals.reset_index(drop=True)
    approvals["_rec"] = recorder.recorded(approvals["stage_date"].to_numpy(), lag["fostering"])
    approvals["places_approved"] = approvals["places_approved"].astype("object")
    recorder.tables[("fostering", "approvals")] = RecordTable(approvals)
    # a family-and-friends temporary approval that ended before panel (no
    # reason) closes the household but is not a deregistration
    ended = (households["deregistration_date"] != NONE) & (households["reason"] != "")
    deregistrations = households[ended].copy()
    deregistrations = deregistrations[deregistrations["deregistration_date"] <= w.end]
    deregistrations["_rec"] = deregistrations["_rec_end"]
    recorder.tables[("fostering", "deregistrations")] = RecordTable(
        deregistrations.reset_index(drop=True)
    )


def _sibling_groups(visits: pd.DataFrame, seed: int, la_code: str) -> None:
    """SIBLING_GROUP_ID on each row of a joint visit: the siblings' rows (their
    `leader` is the group's eldest) and the eldest's own row on those days.

    The id is a hash of the group, not a child's id, and stays the same every
    time the group is visited together.
    """
    leader = visits["leader"].to_numpy()
    follower = leader >= 0
    joint_days = set(zip(leader[follower], visits["VISIT_DATE"].to_numpy()[follower], strict=True))
    group = np.where(follower, leader, visits["idx"].to_numpy())
    on_joint_day = follower | np.array(
        [
            (i, d) in joint_days
            for i, d in zip(visits["idx"].to_numpy(), visits["VISIT_DATE"].to_numpy(), strict=True)
        ],
        dtype=bool,
    )
    names = {g: _group_id(seed, la_code, g) for g in set(group[on_joint_day].tolist())}
    visits["SIBLING_GROUP_ID"] = [
        names[g] if joint else "" for g, joint in zip(group, on_joint_day, strict=True)
    ]


def _group_id(seed: int, la_code: str, eldest: int) -> str:
    digest = hashlib.sha256(f"{seed}|{la_code}|sibling group|{eldest}".encode()).digest()
    return f"SG{int.from_bytes(digest[:8], 'little') % 10**8:08d}"


def _ids_by_rec(df: pd.DataFrame, col: str, prefix: str) -> None:
    """Record ids in the order rows were created in the system (like a sequence)."""
    order = np.lexsort((df["idx"].to_numpy(), df["_rec"].to_numpy()))
    ids_ = np.empty(len(df), dtype=object)
    ids_[order] = [f"{prefix}{i + 1:08d}" for i in range(len(df))]
    df[col] = ids_
