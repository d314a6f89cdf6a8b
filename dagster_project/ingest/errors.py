"""The one exception a drop is rejected with for a structural fault.

Belongs here: `StructuralError` and how it names the place of the fault.
A structural fault (missing file or column, empty or truncated file, broken
spreadsheet) means the export itself is wrong, so the whole drop of that
source is rejected. Messages name the file, line or row, and column, never a
cell's value: a value may be a child's id or date of birth.
"""

from __future__ import annotations


class StructuralError(Exception):
    """A drop cannot be read as the contract describes it."""

    def __init__(
        self,
        file: str,
        rule: str,
        detail: str,
        *,
        row: int | None = None,
        column: str | None = None,
        row_label: str = "line",
        table: str | None = None,
    ) -> None:
        self.file = file
        self.rule = rule
        self.detail = detail
        self.row = row
        self.column = column
        self.row_label = row_label
        self.table = table
        where = file
        if row is not None:
            where += f" {row_label} {row}"
        if column is not None:
            where += f" column {column}"
        super().__init__(f"{where}: {detail} [{rule}]")

    def as_failed_rule(self) -> dict:
        """The shape the gates use for `failed_rules` metadata."""
        return {
            "rule": self.rule,
            "column": self.column,
            "rows": 0 if self.row is None else 1,
            "first_rows": [] if self.row is None else [self.row],
            "why": self.detail,
        }
