"""The restricted output: child-level lists for the people who act on them.

Belongs here: where restricted lists live and how they are written. Nothing
else in the project writes child-level rows to disk outside the raw history.

The design keeps three kinds of output apart (DESIGN.md): the published
warehouse and exports (aggregate, anyone in the council may read them),
messages (Slack and logs: counts only) and this one. A restricted list names
children by their source-system id (never a name or date of birth) so that a
team manager or a records officer can find and correct the record in the
case system. It lives in one folder, `$LAC_RESTRICTED_DIR` (default
`data/restricted/`), readable by the pipeline's owner only: the folder is
created 0700 and every file 0600, and a list is written to a temporary file
and renamed into place, so a reader never sees half a list.

Layout: `<restricted>/<as-of date>/<list name>.csv` (or `.xlsx` for the
team managers' workbooks), plus `<restricted>/latest/<list name>.<ext>`
replaced atomically each night.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

OWNER_ONLY_DIR = 0o700
OWNER_ONLY_FILE = 0o600
LATEST = "latest"


def owner_only_dir(path: Path) -> Path:
    """Create `path` (and missing parents) and make it 0700, the owner's only."""
    path.mkdir(parents=True, exist_ok=True, mode=OWNER_ONLY_DIR)
    # mkdir's mode is masked by the umask and ignored for existing folders.
    path.chmod(OWNER_ONLY_DIR)
    return path


def _write_atomically(write: Callable[[Path], None], target: Path) -> None:
    """Create the temporary file owner-only first, let `write` fill it, rename it in."""
    handle, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.stem}.", suffix=f"{target.suffix}.tmp"
    )
    try:
        os.fchmod(handle, OWNER_ONLY_FILE)
        os.close(handle)
        write(Path(temp_name))
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _csv_writer(frame: pd.DataFrame) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with open(path, "w", newline="", encoding="utf-8") as out:
            frame.to_csv(out, index=False)

    return write


def _xlsx_writer(sheets: Mapping[str, pd.DataFrame]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        # Writing into the already owner-only file keeps its permissions.
        with pd.ExcelWriter(path, engine="xlsxwriter") as book:
            for sheet_name, frame in sheets.items():
                frame.to_excel(book, sheet_name=sheet_name[:31], index=False, freeze_panes=(1, 0))
                book.sheets[sheet_name[:31]].autofit()

    return write


def _check_name(name: str) -> None:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"restricted list name must be letters, digits and underscores: {name!r}")


def _write_dated_and_latest(
    restricted_dir: Path, as_of_date: dt.date, file_name: str, write: Callable[[Path], None]
) -> Path:
    root = owner_only_dir(restricted_dir)
    dated = owner_only_dir(root / as_of_date.isoformat()) / file_name
    _write_atomically(write, dated)
    # The latest copy is the dated file's bytes, not a second rendering.
    _write_atomically(
        lambda temp: shutil.copyfile(dated, temp), owner_only_dir(root / LATEST) / file_name
    )
    return dated


def write_restricted_list(
    restricted_dir: Path, as_of_date: dt.date, name: str, frame: pd.DataFrame
) -> Path:
    """Write one child-level list for the as-of night and as the latest copy.

    `name` is a fixed list name chosen in code (for example
    `health_reconciliation_exceptions`), never text read from a file. Returns
    the dated file's path.
    """
    _check_name(name)
    return _write_dated_and_latest(restricted_dir, as_of_date, f"{name}.csv", _csv_writer(frame))


def write_restricted_workbook(
    restricted_dir: Path, as_of_date: dt.date, name: str, sheets: Mapping[str, pd.DataFrame]
) -> Path:
    """Write one child-level workbook (one sheet per frame), dated and as the latest copy.

    Same rules as `write_restricted_list`: a fixed name chosen in code,
    owner-only, written to a temporary file and renamed into place.
    """
    _check_name(name)
    return _write_dated_and_latest(restricted_dir, as_of_date, f"{name}.xlsx", _xlsx_writer(sheets))
