"""Copy the raw history to inspect it, without ever holding the real file.

    make inspect        # or: .venv/bin/python scripts/inspect_raw_history.py [la_code]

DuckDB lets a file have one writer or any number of readers, not both, so a
session left open on `raw_history.duckdb` itself would stop the nightly run
at its first write. This takes a private copy (held open for about a second,
which the run waits for), in the restricted folder, owner-only, and prints
how to open it. Query the copy as long as you like: `_quarantine`,
`_extract_log`, any `<source>__<table>`. Each copy replaces the last.
In the multi-council layout, name the council (`la_code`): its own raw
history is copied, into its own restricted folder.
"""

from __future__ import annotations

import sys

from dagster_project.councils import council_restricted_dir, find_councils
from dagster_project.settings import load_settings


def main(argv: list[str]) -> None:
    from dagster_project.raw_history import copy_for_reading

    settings = load_settings()
    councils = find_councils(settings)
    if councils.is_multi and not argv:
        raise SystemExit(f"several councils ({', '.join(councils.codes)}): name one")
    try:
        council = councils.get(argv[0]) if argv else councils.councils[0]
    except KeyError:
        raise SystemExit(f"no such council: {', '.join(councils.codes)} are the ones") from None
    if not council.raw_db_path.exists():
        raise SystemExit(f"no raw history at {council.raw_db_path}: run the pipeline first")
    copy = copy_for_reading(council.raw_db_path, council_restricted_dir(settings, council))
    print(f"A private copy of the raw history (child-level rows: owner-only):\n  {copy}")
    print("Open it with DuckDB (CLI, Python or a SQL tool): it never blocks the nightly run.")


if __name__ == "__main__":
    main(sys.argv[1:])
