"""What can be wrong with a 903 file, said so a person can find and fix it.

A `ReadProblem` names the file, the place in it (a CSV line number, or the
XML element path such as `CHILD[12]/EPISODE[2]`) and the column, and says
what is wrong without quoting the value: a value may be a child's date of
birth or identifier, and these messages may reach a log or an alert.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A column name read from a file is echoed only if it looks like a DfE-style
# field name (capitals, digits, underscores, at most 40 characters); anything
# else might be a value pasted into the header row.
_SAFE_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,39}$")

# How many problems an error message lists before it says "and N more":
# enough to show a pattern, short enough to read in a log.
_LISTED = 10


def safe_column_name(name: object) -> str:
    text = str(name).strip().upper()
    return text if _SAFE_NAME.match(text) else "an unnamed column"


@dataclass(frozen=True)
class ReadProblem:
    file: str
    location: str
    column: str
    what: str
    table: str = ""
    # "error": the value is unusable (it is read as blank); "warning": the
    # file carries something the 903 does not (an extra column), ignored
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}, {self.location}" if self.location else self.file
        return f"{where}, column {self.column}: {self.what}"


class Ssda903ReadError(ValueError):
    """A 903 file cannot be read as a return (or, when asked, has bad values)."""

    def __init__(self, problems: list[ReadProblem] | str):
        if isinstance(problems, str):
            self.problems: list[ReadProblem] = []
            super().__init__(problems)
            return
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:_LISTED]]
        if len(self.problems) > _LISTED:
            lines.append(f"... and {len(self.problems) - _LISTED} more")
        super().__init__(
            f"{len(self.problems)} problem(s) reading the SSDA903 return:\n" + "\n".join(lines)
        )
