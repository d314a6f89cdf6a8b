"""The rule catalogue as a Markdown table, for docs/ssda903.md (kept in step by a test)."""

from __future__ import annotations

from dagster_project.ssda903 import rules as _registered  # noqa: F401  (registers every rule)
from dagster_project.ssda903.rules.registry import RULES


def _number(code: str) -> tuple[int, str]:
    digits = "".join(c for c in code if c.isdigit())
    return (int(digits) if digits else 0, code)


def _provenance(code: str, checked: bool) -> str:
    if code.startswith("P"):
        return "project check"
    return "yes" if checked else "to confirm"


def rules_table_markdown() -> str:
    lines = [
        "| Rule | Table | Columns | Severity | Checks | Protects | Number checked |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for code in sorted(RULES, key=_number):
        r = RULES[code]
        lines.append(
            f"| {r.code} | {r.table} | {', '.join(r.columns)} | {r.severity} | {r.message} "
            f"| {r.protects} | {_provenance(r.code, r.checked)} |"
        )
    return "\n".join(lines) + "\n"
