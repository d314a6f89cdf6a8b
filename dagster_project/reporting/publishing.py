"""Where the report's files go: `<reports>/<as-of date>/`, and `latest`.

A night's files are written into a hidden temporary folder and renamed into
place whole, then the `latest` symlink is replaced by a rename, so anyone
opening `latest/report.html` sees yesterday's complete report or tonight's,
never a half-written one.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

LATEST = "latest"


def new_staging_dir(reports_dir: Path, as_of_date: dt.date) -> Path:
    reports_dir.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=reports_dir, prefix=f".{as_of_date.isoformat()}."))


def publish_dir(staging: Path, reports_dir: Path, as_of_date: dt.date) -> Path:
    """Move a finished staging folder to `<as-of date>/` and point `latest` at it."""
    staging.chmod(0o755)  # mkdtemp makes it 0700; the report is for anyone in the council
    dated = reports_dir / as_of_date.isoformat()
    if dated.exists():
        # A re-run of the same night: move the old copy aside first so the
        # dated folder is only ever absent for the instant between renames.
        retired = Path(tempfile.mkdtemp(dir=reports_dir, prefix=".retired."))
        os.replace(dated, retired / dated.name)
        os.replace(staging, dated)
        shutil.rmtree(retired)
    else:
        os.replace(staging, dated)
    link = reports_dir / LATEST
    temp_link = reports_dir / f".{LATEST}.{os.getpid()}"
    temp_link.unlink(missing_ok=True)
    temp_link.symlink_to(dated.name, target_is_directory=True)
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)
    os.replace(temp_link, link)
    return dated
