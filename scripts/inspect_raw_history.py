"""Copy the raw history to inspect it, without ever holding the real file.

    make inspect        # or: .venv/bin/python scripts/inspect_raw_history.py

DuckDB lets a file have one writer or any number of readers, not both, so a
session left open on `raw_history.duckdb` itself would stop the nightly run
at its first write. This takes a private copy (held open for about a second,
which the run waits for), in the restricted folder, owner-only, and prints
how to open it. Query the copy as long as you like: `_quarantine`,
`_extract_log`, any `<source>__<table>`. Each copy replaces the last.
"""

from __future__ import annotations

from dagster_project.raw_history import copy_for_reading
from dagster_project.settings import load_settings


def main() -> None:
    settings = load_settings()
    if not settings.raw_db_path.exists():
        raise SystemExit(f"no raw history at {settings.raw_db_path}: run the pipeline first")
    copy = copy_for_reading(settings.raw_db_path, settings.restricted_dir)
    print(f"A private copy of the raw history (child-level rows: owner-only):\n  {copy}")
    print("Open it with DuckDB (CLI, Python or a SQL tool): it never blocks the nightly run.")


if __name__ == "__main__":
    main()
