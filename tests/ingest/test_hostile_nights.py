"""The whole nightly job after a good night: a hostile night, then a quiet one.

Night 1 is the end-to-end test's small simulated LA. Night 2 brings a social
care extract cut at a line break after 60% of its episodes' bytes and a
Virtual School attendance file with a 23-digit count: both drops are
rejected and logged (by how much; which line and column), and the published
warehouse is byte for byte as it was. Night 3 brings byte-identical copies of
the last good extracts: recorded as no change, the night succeeds (nothing
is frozen by night 2) and every published figure is as it was after night 1.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from tests.support.first_night import AS_OF, first_night_copy, sha256

NIGHT_2 = "2024-04-01"
NIGHT_3 = "2024-04-02"


def _latest(folder: Path) -> Path:
    return max((p for p in folder.iterdir() if p.name[:1].isdigit()), key=lambda p: p.name)


def _truncate_episodes(drop: Path) -> None:
    path = drop / "episodes.csv"
    data = path.read_bytes()
    cut = data.index(b"\n", int(len(data) * 0.6)) + 1
    path.write_bytes(data[:cut])


def _overflow_attendance(drop: Path) -> None:
    path = drop / "attendance.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[5, "sessions_possible"] = "1" * 23
    frame.to_csv(path, index=False)


def _run(job):
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
        failed = {e.step_key for e in result.all_events if e.is_step_failure}
    return result, failed


def _log(settings, source: str, date: str) -> list[tuple]:
    with duckdb.connect(str(settings.raw_db_path), read_only=True) as con:
        return con.execute(
            "select table_name, status, reason from _extract_log "
            "where source = ? and extract_date = ? order by table_name",
            [source, date],
        ).fetchall()


def _figures(settings) -> pd.DataFrame:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute("select * from marts.indicator_values order by all").df()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return first_night_copy(tmp_path_factory, "hostile")


def test_a_hostile_night_is_rejected_and_the_next_night_runs(world):
    settings, landing = world["settings"], world["landing"]
    published = sha256(settings.warehouse_path)
    figures = _figures(settings)
    social = landing / "social_care"
    school_last = _latest(landing / "virtual_school")

    shutil.copytree(social / AS_OF, social / NIGHT_2)
    _truncate_episodes(social / NIGHT_2)
    shutil.copytree(school_last, landing / "virtual_school" / NIGHT_2)
    _overflow_attendance(landing / "virtual_school" / NIGHT_2)

    result, failed = _run(world["job"])
    assert not result.success
    assert failed == {"ingest_social_care", "ingest_virtual_school"}
    assert sha256(settings.warehouse_path) == published
    episodes = dict((t, (s, r)) for t, s, r in _log(settings, "social_care", NIGHT_2))["episodes"]
    assert episodes[0] == "rejected"
    assert "episodes.csv (table social_care__episodes): has" in episodes[1]
    assert "% fewer than the" in episodes[1] and "[volume_rows]" in episodes[1]
    attendance = dict((t, (s, r)) for t, s, r in _log(settings, "virtual_school", NIGHT_2))
    assert attendance["attendance"][0] == "rejected"
    assert "attendance.csv line 7 column sessions_possible" in attendance["attendance"][1]

    # Night 3: the source systems send last good night's files again.
    shutil.copytree(social / AS_OF, social / NIGHT_3)
    shutil.copytree(school_last, landing / "virtual_school" / NIGHT_3)

    result, failed = _run(world["job"])
    assert result.success and failed == set()
    assert {s for _, s, _ in _log(settings, "social_care", NIGHT_3)} == {"no_change"}
    assert {s for _, s, _ in _log(settings, "virtual_school", NIGHT_3)} == {"no_change"}
    pd.testing.assert_frame_equal(_figures(settings), figures)
