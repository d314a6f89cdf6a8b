"""A drop's read tables, their text frames held in memory only up to a budget.

Belongs here: keeping a drop's text frames between ingest's steps (read,
volume gates, GX gates and typing each go over every table of the drop
before the next step starts, so that the first fault found is the one a
whole-drop read finds). Frames are held while their cells fit in
`held_cells`; a table beyond it is let go once read and read again from its
file when a later step needs it, one table at a time. The default LA's
drops fit, so they are read once, as before; at ten times its population
the social care drop's text frames were about 700 MB held at once.
"""

from __future__ import annotations

from pathlib import Path

from dagster_project.ingest.errors import StructuralError
from dagster_project.ingest.reading import CHUNK_ROWS, ReadTable, read_table
from dagster_project.memory import release_freed_memory

# Text frames measured at about 50 bytes a cell (a pointer per field and one
# string per distinct value of a column: 720 MB for the 14.6 million cells
# of the social care drop at ten times the default population), so 4 million
# cells is about 200 MB. The default LA's largest drop (social care) has
# 0.94 million: up to about four times its population, a drop is read once.
HELD_CELLS = 4_000_000


class HeldReads:
    def __init__(self, drop_dir: Path, chunk_rows: int = CHUNK_ROWS, held_cells: int = HELD_CELLS):
        self.drop_dir, self.chunk_rows, self.held_cells = drop_dir, chunk_rows, held_cells
        self.tables: dict[str, ReadTable] = {}  # every read table; frames let go are empty
        self._let_go: set[str] = set()
        self._cells = 0

    def add(self, read: ReadTable) -> None:
        """Keep `read`, and its frame if it still fits in the budget."""
        self.tables[read.table.name] = read
        cells = read.frame.size
        if self._cells + cells <= self.held_cells:
            self._cells += cells
        else:
            read.frame = read.frame.iloc[0:0]
            self._let_go.add(read.table.name)

    def names(self) -> list[str]:
        return list(self.tables)

    def get(self, name: str) -> ReadTable:
        """The table with its text frame, read again from the file if it was let go."""
        held = self.tables[name]
        if name not in self._let_go:
            return held
        # The tables read before it were let go: give their heap back first,
        # or glibc keeps it beside this table's (about 250 MB at ten times
        # the default population).
        release_freed_memory()
        again = read_table(self.drop_dir, held.table, self.chunk_rows)
        if again.sha256 != held.sha256:
            # Files in the landing zone are never edited in place: one that
            # changed mid-ingest is a drop still being written.
            raise StructuralError(
                held.file,
                "changed_during_ingest",
                "the file changed while the drop was being ingested; deliver it again",
                table=held.table.name,
            )
        return again

    def release(self, name: str) -> None:
        """Let a held frame go once no later step reads it."""
        read = self.tables[name]
        read.frame = read.frame.iloc[0:0]
        self._let_go.add(name)
