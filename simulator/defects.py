"""Known defects injected into the extracts, and the manifest that lists them.

Each kind is a fault the papers or the case systems are known for: duplicate
rows, invalid codes, blank mandatory fields, impossible dates (episode before
birth, future dates, end before start), overlapping episodes, the end date of
a child's latest period copied into earlier episodes (the LCS defect, seed 002
L2120), sibling visits recorded once for all siblings, assessments the nurse
team holds that never reached the case system, a broken formula cell
(#REF!) in the manual fostering tracker, and a period ended by a special
guardianship or child arrangements order recorded with another reason
ceased (E8) while the legal-status record holds the order.

Rows are chosen by a stable hash of their key, so a defective row stays
defective from night to night, as it would in a real system. Rates are shares
of a table's rows (profile.Profile.defect_rates, scaled by --defect-rate);
tables of at least MIN_ROWS rows always get at least one of each kind.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from simulator.dates import NONE, from_day
from simulator.lag import NEVER

MIN_ROWS = 400

# (source, table) -> list of (kind, column, replacement) for row-level defects
ROW_DEFECTS: dict[tuple[str, str], list[tuple[str, str, object]]] = {
    ("social_care", "episodes"): [
        ("invalid_code", "PLACE", "U9"),
        ("missing_mandatory", "CIN", ""),
        ("date_before_birth", "DECOM", None),
        ("end_before_start", "DEC", None),
        ("overlapping_episodes", "DEC", None),
        ("sgo_recorded_as_other_reason", "REC", "E8"),
        ("duplicate_row", "", None),
    ],
    ("social_care", "reviews"): [
        ("invalid_code", "REVIEW_CODE", "PN9"),
        ("duplicate_row", "", None),
    ],
    ("social_care", "visits"): [
        ("missing_mandatory", "WORKER_ID", ""),
        ("future_date", "VISIT_DATE", None),
        ("duplicate_row", "", None),
    ],
    ("social_care", "missing"): [("end_before_start", "MIS_END", None)],
    ("social_care", "oc3"): [("invalid_code", "ACCOM", "Q1")],
    ("health", "assessments"): [
        ("invalid_code", "outcome", "DONE"),
        ("missing_mandatory", "nhs_number", ""),
        ("future_date", "assessment_date", None),
        ("duplicate_row", "", None),
    ],
    ("virtual_school", "peps"): [
        ("missing_mandatory", "upn", ""),
        ("duplicate_row", "", None),
    ],
    ("fostering", "households"): [("broken_formula", "places_approved", "#REF!")],
}

KINDS = (
    "duplicate_row",
    "invalid_code",
    "missing_mandatory",
    "date_before_birth",
    "future_date",
    "end_before_start",
    "overlapping_episodes",
    "end_date_copied",
    "sibling_visit_once",
    "health_missing_from_social_care",
    "broken_formula",
    "sgo_recorded_as_other_reason",
)
# periods ending with a special guardianship or child arrangements order
SGO_CAO_REASONS = ("E41", "E43", "E44", "E45", "E46", "E47", "E48")


def _salt(*parts: object) -> np.uint64:
    h = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return np.uint64(int.from_bytes(h[:8], "little"))


def stable_u(df: pd.DataFrame, cols: list[str], *salt: object) -> np.ndarray:
    """A uniform number per row from its key: the same row gets the same number every night."""
    if len(df) == 0:
        return np.zeros(0)
    h = pd.util.hash_pandas_object(df[cols], index=False).to_numpy(dtype=np.uint64)
    with np.errstate(over="ignore"):
        x = (h ^ _salt(*salt)) * np.uint64(0x9E3779B97F4A7C15)
        x ^= x >> np.uint64(29)
    return (x >> np.uint64(11)).astype(np.float64) / float(1 << 53)


class Injector:
    """Applies the defects of one table in one extract and records them."""

    def __init__(self, rates: dict[str, float], scale: float, seed: int, la_code: str) -> None:
        self.rates = {k: v * scale for k, v in rates.items()}
        self.seed = seed
        self.la = la_code
        self.enabled = scale > 0

    def _choose(self, u: np.ndarray, eligible: np.ndarray, kind: str, n_rows: int) -> np.ndarray:
        rate = self.rates.get(kind, 0.0)
        if rate <= 0:
            return np.zeros(0, dtype=np.int64)
        idx = np.flatnonzero(eligible)
        if len(idx) == 0:
            return idx
        n = round(rate * n_rows)
        if n == 0 and n_rows >= MIN_ROWS:
            n = 1
        n = min(n, len(idx))
        return np.sort(idx[np.argsort(u[idx], kind="stable")[:n]])

    def apply(
        self, key: tuple[str, str], df: pd.DataFrame, keycols: list[str], night: int, dob: dict
    ) -> tuple[pd.DataFrame, list[dict], list[int]]:
        """Returns the defective table, manifest entries (with `_pos` = position
        before duplicates) and the positions to duplicate."""
        entries: list[dict] = []
        dups: list[int] = []
        if not self.enabled or key not in ROW_DEFECTS or len(df) == 0:
            return df, entries, dups
        df = df.copy()
        n = len(df)
        used = np.zeros(n, dtype=bool)
        child_col = "CHILD" if "CHILD" in df.columns else "child_id" if "child_id" in df else None
        for kind, col, value in ROW_DEFECTS[key]:
            u = stable_u(df, keycols, self.seed, self.la, *key, kind)
            elig = ~used
            if kind == "end_before_start":
                elig &= df[col].to_numpy() != NONE
            if kind == "overlapping_episodes":
                nxt_same = np.roll(df["idx"].to_numpy(), -1) == df["idx"].to_numpy()
                elig &= (df["REC"].to_numpy() == "X1") & nxt_same & (df["DEC"].to_numpy() != NONE)
            if kind == "date_before_birth":
                elig &= df["RNE"].to_numpy() == "S"
            if kind == "sgo_recorded_as_other_reason":
                elig &= df["REC"].isin(SGO_CAO_REASONS).to_numpy()
            chosen = self._choose(u, elig, kind, n)
            if len(chosen) == 0:
                continue
            used[chosen] = True
            if kind == "duplicate_row":
                dups.extend(int(i) for i in chosen)
                continue
            j = df.columns.get_loc(col)
            if kind == "broken_formula":
                df[col] = df[col].astype(object)
            for i in chosen:
                old = df.iat[i, j]
                k = 1 + int(u[i] * 1e6) % 29
                if kind == "date_before_birth":
                    new = int(dob.get(df["idx"].iat[i], old)) - 10 * k
                    what = f"episode start {from_day(new)} before date of birth"
                elif kind == "end_before_start":
                    start_col = "DECOM" if col == "DEC" else "MIS_START"
                    new = int(df[start_col].iat[i]) - k
                    what = f"end {from_day(new)} before start {from_day(df[start_col].iat[i])}"
                elif kind == "overlapping_episodes":
                    new = int(old) + k
                    what = (
                        f"episode end moved from {from_day(old)} to {from_day(new)}, "
                        "past the next episode's start"
                    )
                elif kind == "sgo_recorded_as_other_reason":
                    new = value
                    what = (
                        f"period ended by {old} recorded as reason ceased {value}; the "
                        "legal-status record still holds the order"
                    )
                elif kind == "future_date":
                    new = night + 30 + 10 * k
                    what = f"date {from_day(new)} is after the extract date"
                else:
                    new = value
                    what = f"{col} {old!r} replaced by {value!r}"
                df.iat[i, j] = new
                entries.append(
                    {
                        "kind": kind,
                        "column": col,
                        "_pos": int(i),
                        "description": what,
                        "child": df[child_col].iat[i] if child_col else "",
                    }
                )
        return df, entries, dups

    def end_date_copied(self, df: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
        """The case system copies a child's latest period end date into the
        end dates of his or her earlier periods."""
        entries: list[dict] = []
        rate = self.rates.get("end_date_copied", 0.0)
        if rate <= 0 or len(df) == 0:
            return df, entries
        final = (df["REC"] != "X1") & (df["REC"] != "") & (df["DEC"] != NONE)
        final &= ~df["LS"].isin(["V3", "V4"])  # short breaks are not periods of care
        fin = df[final]
        counts = fin.groupby("idx").size()
        multi = counts[counts >= 2].index
        if len(multi) == 0:
            return df, entries
        kids = pd.DataFrame({"idx": np.asarray(multi)})
        u = stable_u(kids, ["idx"], self.seed, self.la, "end_date_copied")
        chosen = self._choose(u, np.ones(len(kids), dtype=bool), "end_date_copied", len(kids))
        if len(chosen) == 0 and len(df) >= MIN_ROWS:
            chosen = np.argsort(u, kind="stable")[:1]
        df = df.copy()
        j = df.columns.get_loc("DEC")
        for i in chosen:
            child = kids["idx"].iat[i]
            rows = fin.index[fin["idx"] == child]
            latest = int(df.loc[rows, "DEC"].max())
            for r in rows:
                if df.at[r, "DEC"] != latest:
                    pos = df.index.get_loc(r)
                    old = df.iat[pos, j]
                    df.iat[pos, j] = latest
                    entries.append(
                        {
                            "kind": "end_date_copied",
                            "column": "DEC",
                            "_pos": int(pos),
                            "child": df["CHILD"].iat[pos],
                            "description": f"end date {from_day(old)} overwritten by the latest "
                            f"period's end {from_day(latest)}",
                        }
                    )
        return df, entries

    def sibling_visits(self, df: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
        """Joint visits to siblings recorded against the eldest only: the other
        siblings' rows are absent. Entries point at the one recorded row."""
        rate = self.rates.get("sibling_visit_once", 0.0)
        if rate <= 0 or len(df) == 0:
            return df, []
        cand = (df["leader"].to_numpy() >= 0) & (df["leader"].to_numpy() != df["idx"].to_numpy())
        u = stable_u(df, ["VISIT_ID"], self.seed, self.la, "sibling_visit_once")
        drop = cand & (u < rate)
        lead = df[["idx", "VISIT_DATE"]].reset_index(drop=True)
        lead_pos = {
            (a, b): i for i, (a, b) in enumerate(zip(lead["idx"], lead["VISIT_DATE"], strict=True))
        }
        entries = []
        keep = np.ones(len(df), dtype=bool)
        for i in np.flatnonzero(drop):
            target = lead_pos.get((df["leader"].iat[i], df["VISIT_DATE"].iat[i]))
            if target is None:
                continue
            keep[i] = False
            entries.append(
                {
                    "kind": "sibling_visit_once",
                    "column": "CHILD",
                    "_pos": target,
                    "child": df["CHILD"].iat[i],
                    "description": f"visit of {from_day(df['VISIT_DATE'].iat[i])} to sibling "
                    f"{df['CHILD'].iat[i]} recorded only against this row's child",
                }
            )
        # positions shift after removing rows
        new_pos = np.cumsum(keep) - 1
        for e in entries:
            e["_pos"] = int(new_pos[e["_pos"]])
        return df[keep].reset_index(drop=True), entries

    def health_missing(self, df: pd.DataFrame) -> list[dict]:
        """Completed assessments in the nurse team's register never recorded in the case system."""
        if not self.enabled:
            return []
        m = (df["outcome"].to_numpy() == "COMPLETED") & (df["_rec_sc"].to_numpy() == NEVER)
        return [
            {
                "kind": "health_missing_from_social_care",
                "column": "",
                "_pos": int(i),
                "child": df["child_id"].iat[i],
                "description": f"{df['assessment_type'].iat[i]} of "
                f"{from_day(df['assessment_date'].iat[i])} absent from the case system",
            }
            for i in np.flatnonzero(m)
        ]
