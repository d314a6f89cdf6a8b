"""Judge a table from the rules its suite found broken: quarantine or reject.

Belongs here: the verdict's shape (`Verdict`, `FailedRule`, `Finding`) and
`judge`, the one place each failed rule's outcome is decided: its action
(quarantine the smallest thing: null the field, or drop the row when the
field identifies it or an indicator needs it; see `contract.Column.row_needs_it`),
its findings, and its place in the list (rules that fail most rows first, so a
5-row defect never hides a 991-row one). Running GX is `runner`'s job.

Only row numbers and counts are kept here, never a value from the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from contract import Table

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


@dataclass(frozen=True)
class RuleResult:
    """One broken rule as the suite reported it: every row it names (no values).

    `structural` rules (and rules that could not name their rows) reject the
    drop; the others quarantine the rows they name.
    """

    rule: str
    column: str | None
    why: str
    structural: bool = False
    rows: tuple[int, ...] = ()


@dataclass(frozen=True)
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
    # Rows GX itself ran on; the others' outcomes were stored (gates/incremental.py).
    rows_validated: int = 0

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


def _order(result: RuleResult) -> tuple[bool, int]:
    """Structural rules first (they alone reject the drop), then most rows failed first."""
    return (not result.structural, -len(result.rows))


def judge(table: Table, rows_read: int, results: list[RuleResult], seconds: float = 0.0) -> Verdict:
    """The verdict on a table, each broken rule's outcome decided once, here."""
    results = sorted(results, key=_order)  # stable: ties keep the suite's order
    actions = {
        r: ROW_DROPPED if r.structural else finding_action(table, r.column or "", r.rule)
        for r in results
    }
    # A row dropped for one rule takes its nulled fields with it: every
    # finding on it records that the row was dropped.
    dropped = {row for r in results if actions[r] == ROW_DROPPED for row in r.rows}
    return Verdict(
        table=table,
        rows_read=rows_read,
        failed_rules=[
            FailedRule(
                rule=r.rule,
                column=r.column,
                rows=len(r.rows),
                first_rows=list(r.rows[:FIRST_ROWS]),
                why=r.why,
                structural=r.structural,
                action=actions[r],
            )
            for r in results
        ],
        findings=[
            Finding(
                row=row,
                column=r.column or "",
                rule=r.rule,
                action=ROW_DROPPED if row in dropped else actions[r],
            )
            for r in results
            if not r.structural
            for row in r.rows
        ],
        quarantined_rows=dropped,
        seconds=seconds,
    )


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
