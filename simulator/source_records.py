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
from simulator.world import World


@dataclass
class RecordTable:
    """Rows of one contract table: final values, when recorded, later changes."""

    df: pd.DataFrame
    # (recorded-at column, columns that are blank until then)
    groups: list[tuple[str, list[str]]] = field(default_factory=list)


def source_records(w: World, ev: dict[str, pd.DataFrame]) -> dict[tuple[str, str], RecordTable]:
    """Per (source, table), the rows the source holds, with recording timestamps.

    Adds the two registers' recording moments to `ev["assessments"]` (the lag tests read them).
    """
    lag = w.profile.lag
    clean = w.opts.clean
    children = ev["children"]
    shown = set(children.loc[children["in_extracts"] == 1, "idx"])
    out: dict[tuple[str, str], RecordTable] = {}

    def keep(df: pd.DataFrame, day_col: str | None = None) -> pd.DataFrame:
        """Rows of children the system still holds; operational records from the cutoff."""
        m = df["idx"].isin(shown)
        if day_col is not None:
            m &= df[day_col] >= w.cutoff
        return df[m].reset_index(drop=True)

    def update(df, day_col, spec, after_col="_rec"):
        days = df[day_col].to_numpy()
        r = recorded(
            w, np.where(days == NONE, 0, days), spec, clean, after=df[after_col].to_numpy()
        )
        return np.where(days == NONE, NEVER, r)

    eps = keep(ev["episodes"]).rename(columns={"child": "CHILD"})
    out[("social_care", "episodes")] = RecordTable(
        eps, [("_rec_end", ["DEC", "REC", "REASON_PLACE_CHANGE"])]
    )
    first_rec = eps.groupby("idx")["_rec"].min()
    hdr = children[children["idx"].isin(first_rec.index)].copy()
    hdr["_rec"] = hdr["idx"].map(first_rec).to_numpy()
    hdr = hdr.rename(columns={"child": "CHILD", "sex": "SEX", "ethnic": "ETHNIC", "upn": "UPN"})
    hdr["DOB"] = hdr["dob"]
    hdr["UASC"] = hdr["uasc"].astype(str)
    # not every child has a UPN in the case system (under school age, UASC new arrivals)
    young = (w.end - hdr["dob"]) < 4 * 365
    hdr.loc[young, "UPN"] = ""
    out[("social_care", "header")] = RecordTable(hdr.reset_index(drop=True))

    def simple(name, df, day_col, spec, groups=(), since=True):
        df = keep(df, day_col if since else None).rename(columns={"child": "CHILD"})
        df["_rec"] = recorded(w, df[day_col].to_numpy(), spec, clean)
        gl = []
        for rec_col, cols, dcol, sp in groups:
            df[rec_col] = update(df, dcol, sp)
            gl.append((rec_col, cols))
        out[("social_care", name)] = RecordTable(df, gl)
        return df

    simple("reviews", ev["reviews"], "REVIEW", lag["review"])
    simple(
        "missing",
        ev["missing"],
        "MIS_START",
        lag["missing"],
        [("_rec_end", ["MIS_END"], "MIS_END", lag["missing"])],
    )
    u = keep(ev["uasc"]).rename(columns={"child": "CHILD"})
    u["_rec"] = u["idx"].map(first_rec).fillna(NEVER).astype(np.int64).to_numpy()
    out[("social_care", "uasc")] = RecordTable(u)
    ad1 = simple(
        "ad1",
        ev["ad1"],
        "DATE_INT",
        lag["adoption"],
        [("_rec_po", ["DATE_PLACEMENT_ORDER"], "DATE_PLACEMENT_ORDER", lag["adoption"])],
        since=False,
    )
    ad1["_rec_match"] = update(ad1, "DATE_MATCH", lag["adoption"], "_rec_po")
    ad1["_rec_match"] = np.where(ad1["_rec_po"] == NEVER, NEVER, ad1["_rec_match"])
    out[("social_care", "ad1")].groups.append(
        ("_rec_match", ["DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"])
    )
    simple(
        "placed_for_adoption",
        ev["placed_for_adoption"],
        "DATE_PLACED",
        lag["adoption"],
        [
            (
                "_rec_end",
                ["DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
                "DATE_PLACED_CEASED",
                lag["adoption"],
            )
        ],
        since=False,
    )
    simple("legal_statuses", ev["legal_statuses"], "ORDER_DATE", lag["legal_status"], since=False)
    pm = simple(
        "permanence_matches", ev["permanence_matches"], "MATCH_DATE", lag["match"], since=False
    )
    _ids_by_rec(pm, "MATCH_ID", "M")
    simple("oc3", ev["oc3"], "CONTACT_DATE", lag["oc3"])
    v = simple("visits", ev["visits"], "VISIT_DATE", lag["visit"])
    _ids_by_rec(v, "VISIT_ID", "V")
    _sibling_groups(v, w.opts.seed, w.opts.la_code)
    pl = simple("plans", ev["plans"], "PLAN_DATE", lag["plan"])
    _ids_by_rec(pl, "PLAN_ID", "P")

    a = keep(ev["assessments"], "date").rename(columns={"child": "CHILD"})
    spec_h, spec_d = lag["health_sc"], lag["dental_sc"]
    rec_h = recorded(w, a["date"].to_numpy(), spec_h, clean)
    rec_d = recorded(w, a["date"].to_numpy(), spec_d, clean)
    a["_rec_sc"] = np.where(a["type"] == "DENTAL", rec_d, rec_h)
    a["_rec_sc"] = np.where(a["outcome"] == "COMPLETED", a["_rec_sc"], NEVER)
    a["_rec_ht"] = recorded(w, a["date"].to_numpy(), lag["health_team"], clean)
    ev["assessments"]["rec_social_care"] = np.int64(NEVER)
    ev["assessments"]["rec_health_team"] = np.int64(NEVER)
    sc = a[a["outcome"] == "COMPLETED"].copy()
    sc["_rec"] = sc["_rec_sc"]
    sc["ASSESSMENT_TYPE"] = sc["type"]
    sc["ASSESSMENT_DATE"] = sc["date"]
    _ids_by_rec(sc, "ASSESSMENT_ID", "H")
    out[("social_care", "health_assessments")] = RecordTable(sc.reset_index(drop=True))
    ht = a.copy()
    ht["_rec"] = ht["_rec_ht"]
    ht = ht.rename(
        columns={"CHILD": "child_id", "type": "assessment_type", "date": "assessment_date"}
    )
    ht["outcome"] = ht["outcome"]
    ht = ht.merge(children[["idx", "nhs_number"]], on="idx", how="left")
    out[("health", "assessments")] = RecordTable(ht)
    # keep the recording moments in the event truth too (lag tests)
    key = (
        ev["assessments"]["idx"].isin(shown) & (ev["assessments"]["date"] >= w.cutoff)
    ).to_numpy()
    ev["assessments"].loc[key, "rec_social_care"] = a["_rec_sc"].to_numpy()
    ev["assessments"].loc[key, "rec_health_team"] = a["_rec_ht"].to_numpy()

    simple(
        "child_flags",
        ev["child_flags"],
        "START_DATE",
        lag["flag"],
        [("_rec_end", ["END_DATE"], "END_DATE", lag["flag"])],
        since=False,
    )
    wk = ev["workers"].copy()
    wk["_rec"] = (wk["START_DATE"] - 14) * DAY + 10 * 3600
    wk["_rec_end"] = np.where(wk["END_DATE"] == NONE, NEVER, (wk["END_DATE"] + 2) * DAY + 11 * 3600)
    out[("social_care", "workers")] = RecordTable(wk, [("_rec_end", ["END_DATE"])])
    simple(
        "allocations",
        ev["allocations"],
        "START_DATE",
        lag["allocation"],
        [("_rec_end", ["END_DATE"], "END_DATE", lag["allocation"])],
        since=False,
    )

    # --- Virtual School --------------------------------------------------
    def vs(df):
        df = keep(df).rename(columns={"child": "child_id"})
        return df.merge(children[["idx", "upn"]], on="idx", how="left")

    peps = vs(ev["peps"])
    peps["_rec"] = recorded(w, peps["pep_date"].to_numpy(), lag["pep"], clean)
    out[("virtual_school", "peps")] = RecordTable(peps)
    att = vs(ev["attendance"])
    att["_visible"] = att["term_end"] + 14  # returned a fortnight after the term ends
    att["_rec"] = att["_visible"] * DAY
    out[("virtual_school", "attendance")] = RecordTable(att)
    ex = vs(ev["exclusions"])
    ex["_rec"] = recorded(w, ex["start_date"].to_numpy(), lag["pep"], clean)
    out[("virtual_school", "exclusions")] = RecordTable(ex)

    # --- Fostering tracker (updated by hand: a few days' lag) ------------------
    hh = ev["households"].copy()
    first_stage = ev["approvals"].groupby("household_id")["stage_date"].min()
    hh = hh[hh["approval_date"] != NONE].copy()
    hh = hh[(hh["deregistration_date"] >= w.cutoff - 3 * 365)].reset_index(drop=True)
    hh["_rec"] = recorded(w, hh["approval_date"].to_numpy(), lag["fostering"], clean)
    hh["_rec_end"] = update(hh, "deregistration_date", lag["fostering"])
    hh["status"] = "DEREGISTERED"
    out[("fostering", "households")] = RecordTable(
        hh, [("_rec_end", ["deregistration_date", "status"])]
    )
    ap = ev["approvals"]
    ap = ap[ap["household_id"].map(first_stage) >= w.cutoff - 3 * 365].copy()
    ap = ap[ap["household_id"].isin(set(hh["household_id"])) | (ap["stage"] != "APPROVED")]
    ap = ap.sort_values(["stage_date", "household_id"], kind="stable").reset_index(drop=True)
    ap["_rec"] = recorded(w, ap["stage_date"].to_numpy(), lag["fostering"], clean)
    ap["places_approved"] = ap["places_approved"].astype("object")
    out[("fostering", "approvals")] = RecordTable(ap)
    # a family-and-friends temporary approval that ended before panel (no
    # reason) closes the household but is not a deregistration
    dr = hh[(hh["deregistration_date"] != NONE) & (hh["reason"] != "")].copy()
    dr = dr[dr["deregistration_date"] <= w.end]
    dr["_rec"] = dr["_rec_end"]
    out[("fostering", "deregistrations")] = RecordTable(dr.reset_index(drop=True))
    return out


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
