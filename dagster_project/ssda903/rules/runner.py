"""Run the DfE rules over a return, year by year, and list the failing rows.

Each collection year's tables are checked against that year's rules and
code lists. A finding names the rule, the table, the row (its position in
the normalised table and in the source file), the child and the columns,
so a restricted exception list can send it to the person who fixes it.
Findings are child-level: they go only to the restricted folder, and only
their counts by rule may be published.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.ssda903 import rules as _registered  # noqa: F401  (registers every rule)
from dagster_project.ssda903.collection_year import CollectionYear
from dagster_project.ssda903.reader import Ssda903Return
from dagster_project.ssda903.rules.registry import RULES, Rule, YearReturn

FINDING_COLUMNS = [
    "rule", "severity", "collection_year", "table", "row", "source_file", "source_location",
    "CHILD", "columns", "message",
]  # fmt: skip


def year_returns(ret: Ssda903Return) -> list[YearReturn]:
    """One `YearReturn` per collection year in the return."""
    out = []
    for year in ret.collection_years:
        tables = ret.for_year(year)
        files = {f for t in tables.values() for f in t["source_file"].unique()}
        problems = [p for p in ret.problems if p.file in files]
        out.append(YearReturn(tables, CollectionYear(year), problems))
    return out


def _findings(rule: Rule, year_return: YearReturn) -> pd.DataFrame:
    frame = year_return.tables[rule.table]
    failing = frame.loc[rule.check(year_return)]
    return pd.DataFrame(
        {
            "rule": rule.code,
            "severity": rule.severity,
            "collection_year": year_return.year.end_year,
            "table": rule.table,
            "row": failing.index.astype("int64"),
            "source_file": failing["source_file"].to_numpy(),
            "source_location": failing["source_location"].to_numpy(),
            "CHILD": failing["CHILD"].to_numpy(),
            "columns": ", ".join(rule.columns),
            "message": rule.message,
        },
        columns=FINDING_COLUMNS,
    )


def run_rules(ret: Ssda903Return, codes: list[str] | None = None) -> pd.DataFrame:
    """Every failing row of every rule (or of the rules numbered in `codes`)."""
    chosen = [RULES[c] for c in codes] if codes is not None else list(RULES.values())
    frames = [_findings(r, yr) for yr in year_returns(ret) for r in chosen]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def counts_by_rule(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings counted by year and rule: the aggregate that may be published."""
    return (
        findings.groupby(["collection_year", "rule", "severity", "table"], as_index=False)
        .size()
        .rename(columns={"size": "failing_rows"})
    )
