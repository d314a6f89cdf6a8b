"""Ingest one SSDA903 drop: read the return whole, run the DfE rules, write (or reject).

Belongs here: the 903's own path from a landing folder to the raw history.
A 903 drop is `landing/ssda903/<extract date>/` holding the DfE CSV tables
(`header.csv`, `episodes.csv`, ...) or one XML return, and optionally one
`<collection year>/` sub-folder per year (`2024/`, `2023-24/`). A file whose
name and folder give no collection year is read as the year the extract date
falls in (1 April - 31 March): the in-year monthly run. An annual return
sent after 31 March goes in a folder named by its year.

The steps mirror `ingest.pipeline` for the contract sources:

1. a drop whose every file is byte-identical to the last accepted one is
   `no_change`;
2. `reader.read_return`; a `Ssda903ReadError` (a file that cannot be a 903
   table) rejects the drop whole, with the reader's message, which never
   quotes a value;
3. `rules.runner.run_rules` and the key checks (`ssda903_keys`): a
   `quarantine` finding drops its row (recorded in
   `_quarantine`), a `warning` finding passes; more than the project's 2% of
   a table's rows dropped rejects the drop (gates.verdict's threshold and
   reasoning), and so does an empty header or episodes table;
4. the tables go through the project's one raw-history writer
   (`writing.write_accepted`), then the findings counted by rule and month go
   to `ssda903_validation_findings`.

The child-level findings are returned, never logged: the asset writes them
to the restricted folder only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dagster_project.checksums import sha256_of
from dagster_project.gates.verdict import QUARANTINE_REJECT_SHARE, ROW_DROPPED, Finding
from dagster_project.ingest.discovery import REDELIVERY_MARKER, Drop, inside
from dagster_project.ingest.ssda903_keys import key_findings
from dagster_project.ingest.volume import previous_accepted
from dagster_project.ingest.writing import TableWrite, log_drop, write_accepted
from dagster_project.ssda903.collection_year import year_from_name
from dagster_project.ssda903.layout import (
    COLLECTION_YEAR,
    SOURCE_FILE,
    TABLES,
)
from dagster_project.ssda903.problems import Ssda903ReadError
from dagster_project.ssda903.raw_tables import (
    COLLECTION_YEAR_COLUMN,
    FINDINGS_TABLE,
    SOURCE,
    raw_table,
    raw_tables,
)
from dagster_project.ssda903.reader import Ssda903Return, read_return
from dagster_project.ssda903.rules.registry import QUARANTINE
from dagster_project.ssda903.rules.runner import run_rules

READABLE_SUFFIXES = (".csv", ".xml")
ABSENT = "(not in the return)"
# The tables a return cannot be without (the reader refuses a return lacking
# them); an empty one is no return at all, as a contract source's main table.
MAIN_TABLES = ("header", "episodes")


@dataclass
class Ssda903TableOutcome:
    """What happened to one 903 table of a drop; counts only."""

    table: str
    file: str
    rows_read: int = 0
    rows_accepted: int = 0
    rows_dropped: int = 0


@dataclass
class Ssda903Outcome:
    extract_date: dt.date
    status: str  # accepted | rejected | no_change
    reason: str | None = None
    tables: dict[str, Ssda903TableOutcome] = field(default_factory=dict)
    findings: pd.DataFrame | None = None  # child-level: restricted output only
    counts: pd.DataFrame | None = None  # the findings table's rows: counts only
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"


def collection_year_of(extract_date: dt.date) -> int:
    """The collection year (by its end year) an extract date falls in."""
    return extract_date.year + 1 if extract_date.month >= 4 else extract_date.year


def drop_files(drop: Drop, landing_dir: Path) -> tuple[list[Path], int]:
    """(the .csv and .xml files of the drop, how many other files were left unread).

    Hidden and `_`-prefixed files and folders are working files, the
    REDELIVERY marker is bookkeeping; a link out of the landing zone is never
    read.
    """
    files, others = [], 0
    for path in sorted(drop.path.rglob("*")):
        relative = path.relative_to(drop.path)
        if any(part.startswith((".", "_")) for part in relative.parts):
            continue
        if not path.is_file() or path.name == REDELIVERY_MARKER:
            continue
        if not inside(landing_dir, path) or path.suffix.lower() not in READABLE_SUFFIXES:
            others += 1
            continue
        files.append(path)
    return files, others


def _relative(drop: Drop, path: Path) -> str:
    return path.relative_to(drop.path).as_posix()


def _file_of(drop: Drop, files: list[Path], name: str, year: int) -> str:
    """The landing-relative path of the file the reader names `name` for `year`."""
    matches = [f for f in files if f.name == name]
    if len(matches) > 1:
        dated = [f for f in matches if year_from_name(f.parent.name) == year]
        matches = dated or matches
    return _relative(drop, matches[0]) if matches else name


def _table_files(drop: Drop, files: list[Path], frame: pd.DataFrame) -> list[str]:
    pairs = frame[[SOURCE_FILE, COLLECTION_YEAR]].drop_duplicates().itertuples(index=False)
    return sorted({_file_of(drop, files, name, int(year)) for name, year in pairs})


def _digest(drop: Drop, relative: list[str]) -> str | None:
    """One file's sha256, or one over several files' (a table read from several years)."""
    if not relative:
        return None
    shas = [sha256_of(drop.path / r) for r in relative]
    if len(shas) == 1:
        return shas[0]
    return hashlib.sha256(
        "\n".join(f"{r} {s}" for r, s in zip(relative, shas, strict=True)).encode()
    ).hexdigest()


def _log_rows(outcome: Ssda903Outcome, reason: str | None, shas: dict[str, str | None]) -> list:
    return [
        {
            "table": name,
            "file": t.file,
            "sha256": shas.get(name),
            "rows_read": t.rows_read,
            "rows_quarantined": t.rows_dropped,
            "reason": reason,
        }
        for name, t in outcome.tables.items()
    ]


def _identical(
    con, drop: Drop, shas: dict[str, str | None], files: dict[str, str]
) -> dt.date | None:
    """The previous accepted extract date if every table's files are byte-identical to it."""
    previous = previous_accepted(con, SOURCE, drop.extract_date)
    if previous is None:
        return None
    logged = {
        name: (file, sha)
        for name, file, sha in con.execute(
            "select table_name, file_name, sha256 from _extract_log where source = ? "
            "and extract_date = ? and status = 'accepted'",
            [SOURCE, previous],
        ).fetchall()
    }
    now = {name: (files[name], shas.get(name)) for name in files}
    return previous if logged == now else None


def _with_lineage(frame: pd.DataFrame, drop: Drop, files: list[Path]) -> pd.DataFrame:
    """The raw table's columns: DfE fields, COLLECTION_YEAR, _source_file, _row_number.

    `_row_number` is the row's ordinal among its table's rows in the drop:
    the data row of a CSV table, the record's place in the XML (whose element
    path the restricted findings list keeps); a table read from several year
    folders is counted on through its files in order, so a row number names
    one row of the table (as `_quarantine` needs).
    """
    out = frame.copy()
    out[COLLECTION_YEAR_COLUMN] = out[COLLECTION_YEAR].astype("int64")
    out["_source_file"] = [
        _file_of(drop, files, name, int(year))
        for name, year in zip(out[SOURCE_FILE], out[COLLECTION_YEAR], strict=True)
    ]
    out["_row_number"] = pd.Series(range(1, len(out) + 1), index=out.index, dtype="int64")
    return out


def _typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    table = raw_table(name)
    out = pd.DataFrame(index=frame.index)
    for column in table.columns:
        values = frame[column.name]
        if column.type == "date":
            out[column.name] = pd.to_datetime(values).astype("datetime64[ns]")
        elif column.type == "integer":
            out[column.name] = values.astype("int64")
        else:
            out[column.name] = values.astype("object").where(values.notna(), None)
    out["_row_number"] = frame["_row_number"]
    return out


# Dates of birth are not when anything happened: a finding is never dated by one.
_NOT_EVENT_DATES = frozenset({"DOB", "MC_DOB"})


def _event_dates(table: str, rule_columns: str) -> list[str]:
    """The dates a finding is dated by: the rule's own, then the record's (DECOM, REVIEW...)."""
    layout = TABLES[table]
    named = [c.strip() for c in rule_columns.split(",")]
    dated = [c for c in layout.date_columns if c not in _NOT_EVENT_DATES]
    return [c for c in named if c in dated] + dated


def _finding_months(findings: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.Series:
    """The month of each finding's date, or None when its record has no event date."""
    months = []
    for rule_table, row, columns in zip(
        findings["table"], findings["row"], findings["columns"], strict=True
    ):
        record = tables[rule_table].loc[row]
        month = None
        for column in _event_dates(rule_table, columns):
            if pd.notna(record[column]):
                month = pd.Timestamp(record[column]).to_period("M").start_time.date()
                break
        months.append(month)
    return pd.Series(months, index=findings.index, dtype="object")


def count_findings(
    findings: pd.DataFrame, tables: dict[str, pd.DataFrame], extract_date: dt.date
) -> pd.DataFrame:
    """The findings table's rows: by year, rule and month, rows and distinct children."""
    columns = [
        "extract_date", "collection_year", "rule", "severity", "table_name",
        "finding_month", "failing_rows", "children",
    ]  # fmt: skip
    if findings.empty:
        return pd.DataFrame(columns=columns)
    frame = findings.assign(
        finding_month=_finding_months(findings, tables), table_name=findings["table"]
    )
    keys = ["collection_year", "rule", "severity", "table_name", "finding_month"]
    counts = (
        frame.groupby(keys, dropna=False)
        .agg(failing_rows=("row", "size"), children=("CHILD", "nunique"))
        .reset_index()
    )
    counts["extract_date"] = extract_date
    return counts[columns]


def _write_findings(con, extract_date: dt.date, counts: pd.DataFrame) -> None:
    con.execute(f"delete from {FINDINGS_TABLE} where extract_date = ?", [extract_date])
    if counts.empty:
        return
    con.register("_findings", counts)
    try:
        con.execute(f"insert into {FINDINGS_TABLE} by name select * from _findings")
    finally:
        con.unregister("_findings")


def rule_name(code: str) -> str:
    """How a 903 rule is named in `_quarantine` and the gate metadata."""
    return f"ssda903_{code}"


def _as_column_name(columns: str) -> str:
    """The rule's columns as `_quarantine.column_name` writes several: comma-joined."""
    return ",".join(c.strip() for c in columns.split(","))


def _quarantined(findings: pd.DataFrame, table: str) -> pd.DataFrame:
    return findings[(findings["table"] == table) & (findings["severity"] == QUARANTINE)]


def _all_findings(ret: Ssda903Return) -> pd.DataFrame:
    """The DfE rules' findings and the key checks', one frame."""
    rules, keys = run_rules(ret), key_findings(ret.tables)
    frames = [f for f in (rules, keys) if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else rules


def _read(drop: Drop, files: list[Path]) -> Ssda903Return:
    return read_return(files, default_year=collection_year_of(drop.extract_date))


def ingest_ssda903_drop(
    con: duckdb.DuckDBPyConnection, drop: Drop, landing_dir: Path
) -> Ssda903Outcome:
    """Read, check and write (or reject) one 903 drop; the outcome says which, without values."""
    started = time.perf_counter()
    outcome = Ssda903Outcome(drop.extract_date, "accepted")
    outcome.tables = {t.name: Ssda903TableOutcome(t.name, ABSENT) for t in raw_tables()}

    def finish(status: str, reason: str | None = None, shas=None) -> Ssda903Outcome:
        outcome.status, outcome.reason = status, reason
        outcome.seconds = time.perf_counter() - started
        if status != "accepted":
            log_drop(con, SOURCE, drop.extract_date, _log_rows(outcome, reason, shas or {}), status)
        return outcome

    files, others = drop_files(drop, landing_dir)
    if others:
        outcome.warnings.append(
            f"{SOURCE}: drop {drop.extract_date} holds {others} file(s) that are neither .csv "
            "nor .xml; they were not read"
        )
    if not files:
        return finish("rejected", "no .csv or .xml file in the drop: a 903 drop holds the "
                      "DfE CSV tables or one XML return")  # fmt: skip
    try:
        ret = _read(drop, files)
    except Ssda903ReadError as error:
        return finish("rejected", f"the SSDA903 return cannot be read: {error}")
    outcome.warnings += [
        f"{SOURCE} drop {drop.extract_date}: {p}" for p in ret.problems if p.severity != "error"
    ]

    table_files = {name: _table_files(drop, files, frame) for name, frame in ret.tables.items()}
    shas = {name: _digest(drop, rel) for name, rel in table_files.items()}
    for name, rel in table_files.items():
        outcome.tables[name].file = ", ".join(rel) if rel else ABSENT
        outcome.tables[name].rows_read = len(ret.tables[name])
    same_as = _identical(con, drop, shas, {n: t.file for n, t in outcome.tables.items()})
    if same_as is not None:
        why = f"every file is byte-identical to the accepted extract of {same_as}: not a new night"
        return finish("no_change", why, shas)

    for name in MAIN_TABLES:
        if ret.tables[name].empty:
            return finish("rejected", f"the {name} table of a 903 return cannot be empty", shas)

    findings = _all_findings(ret)
    outcome.findings = findings
    writes, reason = [], None
    for table in raw_tables():
        frame = _with_lineage(ret.tables[table.name], drop, files)
        dropped = _quarantined(findings, table.name)
        rows = sorted(set(dropped["row"].tolist()))
        counts = outcome.tables[table.name]
        counts.rows_dropped = len(rows)
        counts.rows_accepted = len(frame) - len(rows)
        share = len(rows) / len(frame) if len(frame) else 0.0
        if share > QUARANTINE_REJECT_SHARE and reason is None:
            rules = ", ".join(sorted(set(dropped["rule"])))
            reason = (
                f"{table.name}: {len(rows)} of {len(frame)} rows ({share:.1%}) fail DfE rules "
                f"that make a row unusable ({rules}), more than the "
                f"{QUARANTINE_REJECT_SHARE:.0%} that can be quarantined"
            )
        row_numbers = frame["_row_number"]
        quarantine = [
            Finding(
                int(row_numbers.loc[row]), _as_column_name(columns), rule_name(rule), ROW_DROPPED
            )
            for row, columns, rule in zip(
                dropped["row"], dropped["columns"], dropped["rule"], strict=True
            )
        ]
        child_ids = {int(row_numbers.loc[r]): frame.loc[r, "CHILD"] for r in rows}
        kept = frame.drop(index=rows)
        writes.append(
            TableWrite(
                table,
                counts.file,
                shas.get(table.name),
                _typed(kept, table.name),
                len(frame),
                quarantine,
                child_ids,
            )
        )
    if reason is not None:
        return finish("rejected", reason, shas)
    write_accepted(con, SOURCE, drop.extract_date, writes)
    outcome.counts = count_findings(findings, ret.tables, drop.extract_date)
    _write_findings(con, drop.extract_date, outcome.counts)
    return finish("accepted")


def restricted_findings(findings: pd.DataFrame) -> pd.DataFrame:
    """The child-level findings list for the restricted folder (source ids, no names)."""
    columns = [
        "rule", "severity", "collection_year", "table", "source_file", "source_location",
        "CHILD", "columns", "message",
    ]  # fmt: skip
    return findings[columns].rename(columns={"CHILD": "child_id"})
