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

Layout: `<restricted>/<as-of date>/<list name>.csv`, plus
`<restricted>/latest/<list name>.csv` replaced atomically each night.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pandas as pd

OWNER_ONLY_DIR = 0o700
OWNER_ONLY_FILE = 0o600
LATEST = "latest"


def _owner_only_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=OWNER_ONLY_DIR)
    # mkdir's mode is masked by the umask and ignored for existing folders.
    path.chmod(OWNER_ONLY_DIR)
    return path


def _write_atomically(frame: pd.DataFrame, target: Path) -> None:
    handle, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp"
    )
    try:
        os.fchmod(handle, OWNER_ONLY_FILE)
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
            frame.to_csv(out, index=False)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_restricted_list(
    restricted_dir: Path, as_of_date: dt.date, name: str, frame: pd.DataFrame
) -> Path:
    """Write one child-level list for the as-of night and as the latest copy.

    `name` is a fixed list name chosen in code (for example
    `health_reconciliation_exceptions`), never text read from a file. Returns
    the dated file's path.
    """
    if not name.replace("_", "").isalnum():
        raise ValueError(f"restricted list name must be letters, digits and underscores: {name!r}")
    root = _owner_only_dir(restricted_dir)
    dated = _owner_only_dir(root / as_of_date.isoformat()) / f"{name}.csv"
    _write_atomically(frame, dated)
    _write_atomically(frame, _owner_only_dir(root / LATEST) / f"{name}.csv")
    return dated
