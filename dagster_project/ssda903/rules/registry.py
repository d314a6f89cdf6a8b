"""A DfE 903 rule: its number, what it checks, what it protects, and its check.

Rule numbers and definitions are the DfE's, as published in the open
validator data-to-insight/csc-validator-be-903 (lac_validator/rules/); the
code here is this project's own. `checked` says whether the number and
message were read from that repository's rule file when the rule was
written (True) or taken from the DfE rule list from memory (False) and still
to be confirmed against the year's published rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from dagster_project.ssda903.collection_year import CollectionYear
from dagster_project.ssda903.problems import ReadProblem

# A failing row is unusable for the indicators (quarantine) or a likely
# recording error that the figures survive (warning).
QUARANTINE = "quarantine"
WARNING = "warning"


@dataclass
class YearReturn:
    """One collection year's tables, as the rules see them."""

    tables: dict[str, pd.DataFrame]
    year: CollectionYear
    problems: list[ReadProblem]


@dataclass(frozen=True)
class Rule:
    code: str
    table: str
    columns: tuple[str, ...]
    message: str
    protects: str
    severity: str
    checked: bool
    check: Callable[[YearReturn], pd.Index]


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    table: str,
    columns: tuple[str, ...],
    message: str,
    protects: str,
    severity: str = WARNING,
    checked: bool = True,
):
    """Register the decorated function as the check of DfE rule `code`."""

    def register(check: Callable[[YearReturn], pd.Index]) -> Callable[[YearReturn], pd.Index]:
        if code in RULES:
            raise ValueError(f"DfE rule {code} registered twice")
        RULES[code] = Rule(code, table, columns, message, protects, severity, checked, check)
        return check

    return register
