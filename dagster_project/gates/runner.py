"""Run a table's GX suite on its string DataFrame and judge the outcome.

Belongs here: the GX plumbing (one ephemeral context per process, a pandas
datasource, one ValidationDefinition per suite, cached), and turning a
validation result into a verdict: which rules failed, what each finding does
(quarantine the smallest thing: null the field, or drop the row when the field
identifies it or an indicator needs it; see `contract.Column.row_needs_it`),
and whether the table is rejected.

GX is imported lazily (about 4 s) and only here. Validation results contain
the failing *values*; this module keeps only row numbers and counts, so no
value ever leaves it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from contract import Table, load_contract
from dagster_project.gates.build_suites import (
    EARLIEST,
    EARLIEST_PARAM,
    EXPECTATIONS_DIR,
    LATEST_DATE_PARAM,
    LATEST_DATETIME_PARAM,
    PARSED_SUFFIX,
    ROW_NUMBER,
    STRUCTURAL,
    suite_path,
)

# Why 2%: a nightly full extract from a case system normally carries well
# under 1% of rows with a blank mandatory field or a mistyped code; these are
# held back and the rest goes on. Above 2% the fault is systematic (a changed
# export, a new code nobody mapped, a date format switch), and accepting the
# rest would silently drop enough children to move an indicator by a couple
# of percentage points, the size of a typical RAG tolerance. So the drop is
# rejected instead, loudly. Only dropped rows count: a nulled field in a
# column no indicator needs moves no figure, and is reported in the nightly
# data-quality summary instead.
QUARANTINE_REJECT_SHARE = 0.02

# What a finding did to the data, as recorded in `_quarantine.action` (the
# dbt side counts affected children by these two values).
FIELD_NULLED = "field_nulled"
ROW_DROPPED = "row_dropped"

# Rules about the row as a whole: a repeated or clashing key cannot be
# mended by nulling a field.
ROW_RULES = frozenset({"key_unique", "duplicate_row"})

# Rows named in metadata per failed rule: enough to find the pattern in the
# file, few enough for a Slack message.
FIRST_ROWS = 10

# Extracts are taken overnight and can run past midnight, and case-system
# clocks drift: a recorded-at timestamp up to the end of the day after the
# extract date is plausible; anything later is a bad clock or a typo.
RECORDED_AT_GRACE = dt.timedelta(days=2)

# Stands in for text that does not parse, so the suite's "on or after 1900"
# rule fails it (GX skips nulls, and null already means blank).
UNPARSEABLE = pd.Timestamp("1800-01-01")

log = logging.getLogger(__name__)
_lock = threading.Lock()
_state: dict = {}


@dataclass
class FailedRule:
    rule: str
    column: str | None
    rows: int
    first_rows: list[int]
    why: str
    structural: bool
    action: str = ROW_DROPPED

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "column": self.column,
            "rows": self.rows,
            "first_rows": self.first_rows,
            "why": self.why,
            "action": self.action,
        }


@dataclass(frozen=True)
class Finding:
    """One rule one row broke: where, which rule, and what was done (never the value)."""

    row: int
    column: str
    rule: str
    action: str = ROW_DROPPED


@dataclass
class Verdict:
    table: Table
    rows_read: int
    failed_rules: list[FailedRule] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    quarantined_rows: set[int] = field(default_factory=set)  # rows dropped
    seconds: float = 0.0

    @property
    def rows_quarantined(self) -> int:
        """Rows dropped whole (the name the gate metadata and alerts use)."""
        return len(self.quarantined_rows)

    @property
    def nulled_fields(self) -> dict[int, set[str]]:
        """Row number -> the columns set to null in that kept row."""
        out: dict[int, set[str]] = {}
        for f in self.findings:
            if f.action == FIELD_NULLED:
                out.setdefault(f.row, set()).update(f.column.split(","))
        return out

    @property
    def fields_nulled(self) -> int:
        return sum(1 for f in self.findings if f.action == FIELD_NULLED)

    @property
    def quarantine_share(self) -> float:
        return self.rows_quarantined / self.rows_read if self.rows_read else 0.0

    @property
    def structural_failures(self) -> list[FailedRule]:
        return [f for f in self.failed_rules if f.structural]

    @property
    def rejected(self) -> bool:
        return bool(self.structural_failures) or self.quarantine_share > QUARANTINE_REJECT_SHARE

    @property
    def reason(self) -> str | None:
        if self.structural_failures:
            f = self.structural_failures[0]
            return f"structural rule failed: {f.rule} ({f.why})"
        if self.quarantine_share > QUARANTINE_REJECT_SHARE:
            return (
                f"{self.rows_quarantined} of {self.rows_read} rows "
                f"({self.quarantine_share:.1%}) fail row rules, more than the "
                f"{QUARANTINE_REJECT_SHARE:.0%} that can be quarantined"
            )
        return None


def describe_faults(failed: list[FailedRule], row_label: str = "line", limit: int = 3) -> str:
    """`column LS line 12, 40: rule; ...`: where the faults are, never what they hold."""
    parts = []
    for f in failed[:limit]:
        where = f"column {f.column}" if f.column else "table"
        if f.first_rows:
            more = ", ..." if f.rows > len(f.first_rows) else ""
            where += f" {row_label} {', '.join(map(str, f.first_rows[:5]))}{more}"
        parts.append(f"{where}: {f.rule} ({f.rows} rows)" if f.rows else f"{where}: {f.rule}")
    if len(failed) > limit:
        parts.append(f"and {len(failed) - limit} more rule(s)")
    return "; ".join(parts)


def load_suite(table: Table, directory: Path = EXPECTATIONS_DIR) -> dict:
    return json.loads(suite_path(table, directory).read_text())


def _gx():
    """The process's GX context and validation definitions, built once."""
    with _lock:
        if "context" not in _state:
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

            logging.getLogger("great_expectations").setLevel(logging.ERROR)
            context = gx.get_context(mode="ephemeral")
            context.variables.progress_bars = ProgressBarsConfig(
                globally=False, metric_calculations=False
            )
            datasource = context.data_sources.add_pandas("raw_tables")
            _state.update(gx=gx, context=context, datasource=datasource, definitions={})
        return _state


def _definition(table: Table):
    state = _gx()
    name = table.qualified_name
    with _lock:
        if name not in state["definitions"]:
            gx, context = state["gx"], state["context"]
            asset = state["datasource"].add_dataframe_asset(name)
            batch = asset.add_batch_definition_whole_dataframe(name)
            suite_dict = load_suite(table)
            suite = context.suites.add(
                gx.ExpectationSuite(
                    name=name,
                    expectations=suite_dict["expectations"],
                    meta=suite_dict.get("meta"),
                )
            )
            state["definitions"][name] = context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=batch, suite=suite)
            )
        return state["definitions"][name]


def validation_frame(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """The string frame plus a parsed column per date/datetime column."""
    source = load_contract().source(table.source)
    out = frame.copy()
    for col in table.columns:
        if col.type in ("date", "datetime"):
            fmt = source.date_format if col.type == "date" else source.datetime_format
            parsed = pd.to_datetime(out[col.name], format=fmt, errors="coerce")
            unparsed = parsed.isna() & out[col.name].notna()
            out[col.name + PARSED_SUFFIX] = parsed.mask(unparsed, UNPARSEABLE)
    return out


def _column_of(kwargs: dict) -> str | None:
    if "column" in kwargs:
        return kwargs["column"].removesuffix(PARSED_SUFFIX)
    if "column_list" in kwargs:
        return ",".join(kwargs["column_list"])
    if "column_A" in kwargs:
        a = kwargs["column_A"].removesuffix(PARSED_SUFFIX)
        b = kwargs["column_B"].removesuffix(PARSED_SUFFIX)
        return f"{a},{b}"
    return None


def _raised(exception_info) -> bool:
    """GX reports an exception per expectation, or per metric in a nested dict."""
    if not exception_info:
        return False
    if "raised_exception" in exception_info:
        return bool(exception_info["raised_exception"])
    return any(isinstance(v, dict) and v.get("raised_exception") for v in exception_info.values())


def validate_table(table: Table, frame: pd.DataFrame, extract_date: dt.date) -> Verdict:
    """Validate the reader's string frame of `table` and judge it."""
    import time

    started = time.perf_counter()
    definition = _definition(table)
    result = definition.run(
        batch_parameters={"dataframe": validation_frame(table, frame)},
        expectation_parameters={
            EARLIEST_PARAM: pd.Timestamp(EARLIEST),
            LATEST_DATE_PARAM: pd.Timestamp(extract_date),
            LATEST_DATETIME_PARAM: pd.Timestamp(extract_date) + RECORDED_AT_GRACE,
        },
        result_format={
            "result_format": "COMPLETE",
            "unexpected_index_column_names": [ROW_NUMBER],
            "return_unexpected_index_query": False,
        },
    )
    verdict = Verdict(table=table, rows_read=len(frame))
    for r in result.results:
        if r.success:
            continue
        config = r.expectation_config
        meta = config.meta or {}
        kwargs = config.kwargs
        column = _column_of(kwargs)
        structural = meta.get("level") == STRUCTURAL
        if _raised(r.exception_info):
            # A rule that could not run proves nothing about the rows; treat it
            # as structural so the drop is held back rather than let through.
            verdict.failed_rules.append(
                FailedRule(
                    meta.get("rule", config.type),
                    column,
                    0,
                    [],
                    f"{meta.get('why')}: rule raised",
                    True,
                )
            )
            continue
        # Keep only the row numbers: the index list also holds the values.
        rows = sorted(
            {int(item[ROW_NUMBER]) for item in (r.result.get("unexpected_index_list") or [])}
        )
        if not structural and not rows:
            # Failed without naming a row (an aggregate or a GX error): hold
            # the drop back rather than let unknown rows through.
            verdict.failed_rules.append(
                FailedRule(
                    meta.get("rule", config.type),
                    column,
                    0,
                    [],
                    f"{meta.get('why')}: no rows named",
                    True,
                )
            )
            continue
        if structural and not rows:
            missing = r.result.get("details", {}).get("mismatched", {}).get("missing")
            why = meta.get("why", "")
            if missing:
                why += f"; missing: {', '.join(sorted(missing))}"
            verdict.failed_rules.append(
                FailedRule(meta.get("rule", config.type), column, 0, [], why, True)
            )
            continue
        rule = meta.get("rule", config.type)
        action = finding_action(table, column or "", rule)
        verdict.failed_rules.append(
            FailedRule(
                rule, column, len(rows), rows[:FIRST_ROWS], meta.get("why", ""), False, action
            )
        )
        for row in rows:
            verdict.findings.append(Finding(row, column or "", rule, action))
    _keep_first_exact_duplicate(table, frame, verdict)
    verdict.quarantined_rows = {f.row for f in verdict.findings if f.action == ROW_DROPPED}
    # A row dropped for one finding takes its nulled fields with it: every
    # finding on it records that the row was dropped.
    verdict.findings = [
        Finding(f.row, f.column, f.rule, ROW_DROPPED) if f.row in verdict.quarantined_rows else f
        for f in verdict.findings
    ]
    verdict.seconds = time.perf_counter() - started
    return verdict


def finding_action(table: Table, column: str, rule: str) -> str:
    """Quarantine the smallest thing: null the field unless the row cannot do without it.

    `column` is one column, or several joined by commas for a rule on a pair
    or a key; the row is dropped when any of them identifies the row or is
    needed by an indicator, or when the rule is about the whole row.
    """
    if rule in ROW_RULES or not column:
        return ROW_DROPPED
    names = column.split(",")
    if any(n not in table.column_names or table.column(n).row_needs_it for n in names):
        return ROW_DROPPED
    return FIELD_NULLED


def _keep_first_exact_duplicate(table: Table, frame: pd.DataFrame, verdict: Verdict) -> None:
    """Keep one copy of a row the export wrote twice.

    The key rule flags every row sharing a key. When the rows are identical
    in every column the export simply repeated a row: quarantining all the
    copies would make a child's episode vanish, so the first copy is kept
    (if no other rule holds it back) and the repeats are quarantined as
    `duplicate_row`. Rows sharing a key but differing stay quarantined: which
    one is right cannot be known here.
    """
    flagged = {f.row for f in verdict.findings if f.rule == "key_unique"}
    if not flagged:
        return
    sub = frame[frame[ROW_NUMBER].isin(flagged)]
    columns = table.column_names
    groups = sub.groupby(list(table.key), dropna=False, sort=False)
    kept, repeats = set(), set()
    for _, group in groups:
        if len(group[columns].astype(str).drop_duplicates()) == 1:
            numbers = sorted(group[ROW_NUMBER])
            kept.add(numbers[0])
            repeats.update(numbers[1:])
    if not kept:
        return
    updated = []
    for f in verdict.findings:
        if f.rule == "key_unique" and f.row in kept:
            continue
        if f.rule == "key_unique" and f.row in repeats:
            f = Finding(f.row, f.column, "duplicate_row", ROW_DROPPED)
        updated.append(f)
    verdict.findings = updated
    for f in verdict.failed_rules:
        if f.rule == "key_unique":
            rows = sorted(u.row for u in updated if u.rule == "key_unique")
            f.rows, f.first_rows = len(rows), rows[:FIRST_ROWS]
    dup_rows = sorted(repeats)
    verdict.failed_rules.append(
        FailedRule(
            "duplicate_row",
            ",".join(table.key),
            len(dup_rows),
            dup_rows[:FIRST_ROWS],
            "the export repeated a row; the first copy is kept",
            False,
        )
    )
    verdict.failed_rules = [f for f in verdict.failed_rules if f.rows or f.structural]
