"""Snapshots as at an extract night, written as each source really delivers them.

What belongs here: choosing the rows a source held on a night (recorded by
then, in their state then), applying that night's defects, formatting with
the contract's date formats, and writing CSV / XLSX files byte-for-byte
reproducibly (fixed zip entry dates, fixed workbook properties). Column
lists, file and sheet names and header rows all come from the contract.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from contract import Table, load_contract
from simulator.dates import FORMATTER, NONE, from_day
from simulator.defects import Injector
from simulator.lag import DAY, NEVER
from simulator.source_records import RecordTable
from simulator.truth import Truth
from simulator.xlsx import write_workbook

# status shown before a group's change is recorded (otherwise blank)
BEFORE = {"status": "ACTIVE"}
FOSTERING_NOTES = [
    "Fostering service tracker",
    "Maintained by hand by the fostering team; updated weekly.",
    "Households: every in-house household, current and past.",
    "Approvals: enquiries, assessments and panel approvals, including prospective carers.",
    "Deregistrations: households that stopped fostering, with the reason.",
    "Please do not change column headings - the performance team's reports read them.",
]


def snapshot(rt: RecordTable, night: int, table: Table) -> pd.DataFrame:
    """Rows held as at the end of `night` in their state then, with recorded-at."""
    cut = night * DAY + 23 * 3600
    df = rt.df
    df = df[df["_rec"].to_numpy() <= cut].copy()
    rec = df["_rec"].to_numpy().copy()
    for rec_col, cols in rt.groups:
        pending = df[rec_col].to_numpy() > cut
        for c in cols:
            if c not in df.columns:
                continue
            if df[c].dtype.kind in "iu" or (len(df) and isinstance(df[c].iat[0], int | np.integer)):
                df.loc[pending, c] = NONE
            else:
                df.loc[pending, c] = BEFORE.get(c, "")
        done = ~pending & (df[rec_col].to_numpy() != NEVER)
        rec = np.where(done, np.maximum(rec, df[rec_col].to_numpy()), rec)
    for c in table.columns:
        if c.type == "datetime":
            df[c.name] = rec
    return df.reset_index(drop=True)


def _format(df: pd.DataFrame, table: Table, date_fmt: str, dt_fmt: str) -> pd.DataFrame:
    out = {}
    for c in table.columns:
        v = df[c.name].to_numpy() if c.name in df.columns else np.full(len(df), "", dtype=object)
        if c.type == "date":
            out[c.name] = FORMATTER.dates(v.astype(np.int64), date_fmt)
        elif c.type == "datetime":
            out[c.name] = FORMATTER.datetimes(v.astype(np.int64), dt_fmt)
        else:
            if v.dtype.kind in "iu":
                out[c.name] = v.astype(str).astype(object)
            else:
                out[c.name] = np.array(
                    ["" if x is None or x is pd.NA or x != x else str(x) for x in v], dtype=object
                )
    return pd.DataFrame(out)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """CSV with a header row and \n line ends; quoted only where a value needs it."""
    cols = [df[c].to_numpy() for c in df.columns]
    joined = ["\x00".join(col) for col in cols]  # one C-speed scan per column
    needs_quotes = any(("," in j or '"' in j or "\n" in j) for j in joined)
    if needs_quotes:
        df.to_csv(path, index=False, lineterminator="\n")
        return
    lines = [",".join(df.columns)]
    lines.extend(map(",".join, zip(*cols, strict=True)))
    path.write_text("\n".join(lines) + "\n")


def _xlsx_value(x, ctype: str):
    if ctype == "date" and isinstance(x, int | np.integer):
        return None if x == NONE else from_day(int(x))
    if ctype == "datetime" and isinstance(x, int | np.integer):
        return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(x))
    if ctype == "integer" and isinstance(x, int | np.integer | float) and x == x:
        return int(x)
    if x is None or (isinstance(x, float) and x != x) or x == "":
        return None
    return x if isinstance(x, str) else str(x)


class ExtractWriter:
    """Writes every source's extract for the nights asked, plus the defect manifest."""

    def __init__(self, truth: Truth, out: Path) -> None:
        self.truth = truth
        self.out = out
        self.contract = load_contract()
        w = truth.world
        scale = 0.0 if w.opts.clean else w.opts.defect_rate
        self.inj = Injector(w.profile.defect_rates, scale, w.opts.seed, w.opts.la_code)
        ch = truth.events["children"]
        self.dob = dict(zip(ch["idx"], ch["dob"], strict=True))
        self.manifest: list[dict] = []
        self.files = 0
        self.bytes = 0

    def _note(self, path: Path) -> None:
        self.files += 1
        self.bytes += path.stat().st_size

    def _table_rows(self, source: str, table: Table, night: int) -> tuple[pd.DataFrame, list]:
        rt = self.truth.records[(source, table.name)]
        df = snapshot(rt, night, table)
        key = list(table.key) if table.key else [table.columns[0].name]
        entries: list[dict] = []
        if (source, table.name) == ("social_care", "visits") and self.inj.enabled:
            # first, so that later positions refer to the rows actually written
            df, entries = self.inj.sibling_visits(df)
        df, more, dups = self.inj.apply((source, table.name), df, key, night, self.dob)
        entries += more
        if (source, table.name) == ("social_care", "episodes") and self.inj.enabled:
            df, more = self.inj.end_date_copied(df)
            entries += more
        if (source, table.name) == ("health", "assessments"):
            entries += self.inj.health_missing(df)
        if dups:
            order = []
            pos_map = {}
            dup_rows = {}
            dupset = set(dups)
            for i in range(len(df)):
                pos_map[i] = len(order)
                order.append(i)
                if i in dupset:
                    dup_rows[i] = len(order)
                    order.append(i)
            df = df.iloc[order].reset_index(drop=True)
            for e in entries:
                e["_pos"] = pos_map[e["_pos"]]
            for i, r in dup_rows.items():
                child_col = "CHILD" if "CHILD" in df.columns else "child_id"
                entries.append(
                    {
                        "kind": "duplicate_row",
                        "column": "",
                        "_pos": r,
                        "child": df[child_col].iat[r],
                        "description": f"copy of data row {pos_map[i] + 1}",
                    }
                )
        return df, entries

    def _log(self, entries, source, table, night, file, sheet=None):
        for e in entries:
            self.manifest.append(
                {
                    "kind": e["kind"],
                    "source": source,
                    "table": table.name,
                    "extract_date": from_day(night).isoformat(),
                    "file": file,
                    "sheet": sheet,
                    "row": e["_pos"] + 1,
                    "column": e["column"],
                    "child": str(e.get("child", "")),
                    "description": e["description"],
                }
            )

    def write_night(self, night: int, sources: list[str]) -> None:
        for s in self.contract.sources:
            if s.name not in sources:
                continue
            folder = self.out / s.name / from_day(night).isoformat()
            folder.mkdir(parents=True, exist_ok=True)
            if s.name == "population":
                self._population(folder, s.tables[0], night)
            elif s.format == "csv":
                for t in s.tables:
                    df, entries = self._table_rows(s.name, t, night)
                    text = _format(df, t, s.date_format, s.datetime_format)
                    path = folder / t.file
                    write_csv(text, path)
                    self._note(path)
                    self._log(entries, s.name, t, night, f"{s.name}/{folder.name}/{t.file}")
            else:
                self._xlsx(s, folder, night)

    def _xlsx(self, s, folder: Path, night: int) -> None:
        files = {t.file for t in s.tables}
        assert len(files) == 1, "one workbook per source"
        fname = files.pop()
        sheets = []
        if s.name == "fostering":
            notes = [[line] for line in FOSTERING_NOTES]
            notes.append([f"Tracker as at {from_day(night).strftime(s.date_format)}"])
            sheets.append(("Notes", notes, 1))
        for t in s.tables:
            df, entries = self._table_rows(s.name, t, night)
            rows: list[list] = []
            if t.header_row == 2:
                rows.append([f"{t.sheet} - fostering tracker (as at {from_day(night):%d/%m/%Y})"])
            rows.append(t.column_names)
            types = [c.type for c in t.columns]
            cols = [df[c].to_numpy() if c in df.columns else None for c in t.column_names]
            for i in range(len(df)):
                rows.append(
                    [
                        _xlsx_value(col[i], ty) if col is not None else None
                        for col, ty in zip(cols, types, strict=True)
                    ]
                )
            sheets.append((t.sheet, rows, t.header_row))
            self._log(entries, s.name, t, night, f"{s.name}/{folder.name}/{fname}", t.sheet)
        path = folder / fname
        stamp = dt.datetime.combine(from_day(night), dt.time(6, 0))
        write_workbook(path, sheets, stamp)
        self._note(path)

    def _population(self, folder: Path, table: Table, night: int) -> None:
        pop = self.truth.events["population"]
        last_mid = (
            from_day(night).year
            if from_day(night) >= dt.date(from_day(night).year, 6, 30)
            else from_day(night).year - 1
        )
        pop = pop[pop["mid_year"] <= last_mid]
        text = pop[table.column_names].astype(str)
        path = folder / table.file
        text.to_csv(path, index=False, lineterminator="\n")
        self._note(path)

    def write_manifest(self, truth_dir: Path) -> None:
        truth_dir.mkdir(parents=True, exist_ok=True)
        path = truth_dir / "defects.jsonl"
        with path.open("w") as f:
            for e in self.manifest:
                f.write(json.dumps(e, sort_keys=True) + "\n")
        self._note(path)


DATE_COLUMNS = {
    "dob",
    "start",
    "end",
    "due",
    "date",
    "b18",
    "service_end",
    "term_end",
    "DECOM",
    "DEC",
    "REVIEW",
    "PLAN_DATE",
    "VISIT_DATE",
    "CONTACT_DATE",
    "MIS_START",
    "MIS_END",
    "START_DATE",
    "END_DATE",
    "DUC",
    "pep_date",
    "start_date",
    "approval_date",
    "deregistration_date",
    "stage_date",
    "DATE_INT",
    "DATE_PLACEMENT_ORDER",
    "DATE_MATCH",
    "DATE_PLACED",
    "DATE_PLACED_CEASED",
    "ORDER_DATE",
    "MATCH_DATE",
}
TIMESTAMP_COLUMNS = {"_rec", "_rec_end", "rec_social_care", "rec_health_team"}


def write_event_truth(truth: Truth, truth_dir: Path) -> tuple[int, int]:
    """The true events as Parquet (dates as dates; recorded-at as timestamps, null = never)."""
    truth_dir.mkdir(parents=True, exist_ok=True)
    files = nbytes = 0
    for name, df in truth.events.items():
        df = df.copy()
        for c in df.columns:
            if c in DATE_COLUMNS and df[c].dtype.kind in "iu":
                v = df[c].to_numpy().astype("datetime64[D]")
                v[df[c].to_numpy() == NONE] = np.datetime64("NaT")
                df[c] = v
            elif c in TIMESTAMP_COLUMNS and df[c].dtype.kind in "iu":
                v = df[c].to_numpy().astype("datetime64[s]")
                v[df[c].to_numpy() >= NEVER] = np.datetime64("NaT")
                df[c] = v
        path = truth_dir / f"{name}.parquet"
        # one thread: the LA runs are already spread over processes
        table = pa.Table.from_pandas(df, preserve_index=False, nthreads=1)
        pq.write_table(table, path)
        files += 1
        nbytes += path.stat().st_size
    meta = {
        "la_code": truth.world.opts.la_code,
        "seed": truth.world.opts.seed,
        "start": truth.world.opts.start.isoformat(),
        "end": truth.world.opts.end.isoformat(),
        "population": truth.world.opts.population,
        "clean": truth.world.opts.clean,
        "defect_rate": truth.world.opts.defect_rate,
    }
    path = truth_dir / "run.json"
    path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    return files + 1, nbytes + path.stat().st_size
