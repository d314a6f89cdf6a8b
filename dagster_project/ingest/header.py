"""Check a file's header row against the contract table it should hold.

Belongs here: finding each contract column in the header, and the
structural faults of a header (a missing or doubled contract column). Extra
columns are ignored with a warning that gives their positions, not their
names: a header is text from the file (see `untrusted`).
"""

from __future__ import annotations

from contract import Table
from dagster_project.ingest.errors import StructuralError
from dagster_project.ingest.untrusted import positions_of


def check_header(
    header: list, table: Table, location: str, row: int, label: str
) -> tuple[list[int | None], list[str]]:
    """Positions of the contract columns in `header` (None: an absent optional column), and
    warnings for extras and absent optional columns."""
    names = [h.strip() if isinstance(h, str) else h for h in header]
    absent = [c for c in table.columns if c.may_be_absent and c.name not in names]
    for col in table.column_names:
        if col not in names and col not in {c.name for c in absent}:
            raise StructuralError(
                location,
                "missing_column",
                f"column {col} is missing from the header",
                row=row,
                column=col,
                row_label=label,
                table=table.name,
            )
    duplicates = {n for n in names if n is not None and names.count(n) > 1}
    if duplicates & set(table.column_names):
        col = sorted(duplicates & set(table.column_names))[0]
        raise StructuralError(
            location,
            "duplicate_column",
            f"column {col} appears twice in the header",
            row=row,
            column=col,
            row_label=label,
            table=table.name,
        )
    extras = [
        i + 1 for i, n in enumerate(names) if n not in table.column_names and n not in (None, "")
    ]
    warnings = [f"{location}: {positions_of('column', extras)}, ignored"] if extras else []
    for c in absent:
        # names from the contract only, never from the file
        checks = ", ".join(c.used_if_recorded_by)
        warnings.append(
            f"{location}: column {c.name} is not in the extract (the contract allows it): "
            f"loaded blank; {checks}: cannot check: no {c.name}"
        )
    return [names.index(c) if c in names else None for c in table.column_names], warnings
