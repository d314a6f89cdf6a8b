"""The report folder: a dated copy per night and `latest` swapped, never half-written."""

from __future__ import annotations

import datetime as dt
import os

from dagster_project.reporting.publishing import new_staging_dir, publish_dir

NIGHT = dt.date(2024, 3, 31)


def write_night(reports, night: dt.date, text: str):
    staging = new_staging_dir(reports, night)
    (staging / "report.html").write_text(text)
    return publish_dir(staging, reports, night)


def test_latest_points_at_the_newest_night(tmp_path):
    reports = tmp_path / "reports"
    first = write_night(reports, NIGHT, "first")
    second = write_night(reports, NIGHT + dt.timedelta(days=1), "second")
    assert first.name == "2024-03-31" and second.name == "2024-04-01"
    assert os.readlink(reports / "latest") == "2024-04-01"
    assert (reports / "latest" / "report.html").read_text() == "second"
    assert (first / "report.html").read_text() == "first"
    # The dated folders are readable by anyone in the council (mkdtemp makes 0700).
    assert oct(second.stat().st_mode & 0o777) == "0o755"


def test_a_rerun_of_the_same_night_replaces_it_and_leaves_no_debris(tmp_path):
    reports = tmp_path / "reports"
    write_night(reports, NIGHT, "first run")
    write_night(reports, NIGHT, "second run")
    assert (reports / "latest" / "report.html").read_text() == "second run"
    assert sorted(p.name for p in reports.iterdir()) == ["2024-03-31", "latest"]
