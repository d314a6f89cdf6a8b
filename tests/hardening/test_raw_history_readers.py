"""A reader on the raw history never stops the night.

Each reader here is a real second process holding a real DuckDB file open
read-only, as an engineer's `duckdb -readonly` session would. Waiting is
counted in attempts, and the tests replace the sleep between attempts by a
step of their own (releasing the reader, or recording the wait): no clock.
"""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dagster_project import duckdb_lock, raw_history

HOLD_READ_ONLY = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("select count(*) from duckdb_tables()").fetchall()
print("holding", flush=True)
sys.stdin.readline()
con.close()
"""


class Reader:
    """Another process with `path` open read-only until released."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD_READ_ONLY, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "holding"

    def release(self) -> None:
        if self.process.poll() is None:
            self.process.communicate("\n")
        assert self.process.returncode == 0


@pytest.fixture
def raw_db(tmp_path) -> Path:
    path = tmp_path / "raw" / "raw_history.duckdb"
    raw_history.connect(path).close()
    return path


def test_a_writer_waits_for_a_reader_that_closes(raw_db):
    reader = Reader(raw_db)
    slept: list[float] = []

    def wait_then_release(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 2:  # the engineer closes the session during the second wait
            reader.release()

    try:
        con = raw_history.connect(raw_db, sleep=wait_then_release)
        con.close()
    finally:
        reader.release()
    assert slept == duckdb_lock.waits()[:2] == [1.0, 2.0]


def test_a_session_left_open_fails_after_bounded_attempts_saying_what_to_do(raw_db):
    reader = Reader(raw_db)
    slept: list[float] = []
    try:
        with pytest.raises(duckdb_lock.HeldByAReader, match="make inspect"):
            raw_history.connect(raw_db, sleep=slept.append)
    finally:
        reader.release()
    assert slept == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0]
    assert len(slept) == duckdb_lock.ATTEMPTS - 1


def test_reading_a_copy_never_blocks_the_writer(raw_db, tmp_path):
    with raw_history.connect(raw_db) as con:
        con.execute(
            "insert into _quarantine (source, table_name, extract_date, file_name, row_number,"
            " column_name, rule) values ('s', 't', date '2026-10-31', 'f.csv', 7, 'DOB', 'r')"
        )
    restricted = tmp_path / "restricted"
    copy = raw_history.copy_for_reading(raw_db, restricted)
    engineer = Reader(copy)  # the session the warning asks for, left open
    try:

        def never(seconds: float) -> None:
            raise AssertionError("the writer had to wait for a reader of the copy")

        with raw_history.connect(raw_db, sleep=never) as con:
            con.execute("delete from _quarantine")
    finally:
        engineer.release()
    with duckdb.connect(str(copy), read_only=True) as con:
        assert con.execute("select row_number from _quarantine").fetchall() == [(7,)]
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(restricted.stat().st_mode) == 0o700
    assert [p.name for p in restricted.iterdir()] == [raw_history.COPY_NAME]


def test_the_copy_waits_for_a_writer_rather_than_failing(raw_db, tmp_path):
    # a run writing holds the file: the copy waits its turn, as the writer would
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('holding', flush=True);"
            " sys.stdin.readline(); c.close()",
            str(raw_db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout.readline().strip() == "holding"
    slept: list[float] = []

    def wait_then_finish(seconds: float) -> None:
        slept.append(seconds)
        writer.communicate("\n")

    try:
        copy = raw_history.copy_for_reading(raw_db, tmp_path / "restricted", sleep=wait_then_finish)
    finally:
        if writer.poll() is None:
            writer.communicate("\n")
    assert slept == [1.0]
    assert copy.exists()


def test_the_raw_history_and_its_folder_are_the_owners_only(tmp_path):
    path = tmp_path / "raw" / "raw_history.duckdb"
    path.parent.mkdir(mode=0o755)
    path.parent.chmod(0o755)  # a folder made before, readable by all
    raw_history.connect(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_make_inspect_copies_into_the_restricted_folder(raw_db, tmp_path):
    repo = Path(__file__).resolve().parents[2]
    env = {
        "PATH": "/usr/bin:/bin",
        "LAC_RAW_DB": str(raw_db),
        "LAC_RESTRICTED_DIR": str(tmp_path / "restricted"),
    }
    printed = subprocess.run(
        [sys.executable, str(repo / "scripts" / "inspect_raw_history.py")],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    copy = tmp_path / "restricted" / raw_history.COPY_NAME
    assert str(copy) in printed
    with duckdb.connect(str(copy), read_only=True) as con:
        assert con.execute("select count(*) from _quarantine").fetchone() == (0,)


def test_make_inspect_takes_a_data_folder_with_a_space_and_an_apostrophe(tmp_path):
    """`make inspect` as an engineer runs it, with only LAC_DATA_DIR set to an awkward path.

    Every path (the raw history, the restricted folder, DAGSTER_HOME that
    `make setup` creates) comes from that folder; a make target or an
    unquoted shell word holding it would split at the space or stop at the
    apostrophe.
    """
    repo = Path(__file__).resolve().parents[2]
    data = tmp_path / "Children's services data" / "data"
    raw_db = data / "raw" / "raw_history.duckdb"
    with raw_history.connect(raw_db) as con:
        con.execute(
            "insert into _quarantine (source, table_name, extract_date, file_name, row_number,"
            " column_name, rule) values ('s', 't', date '2026-10-31', 'f.csv', 9, 'DOB', 'r')"
        )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LAC_DATA_DIR": str(data)}
    done = subprocess.run(
        ["make", "--no-print-directory", "inspect"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    copy = data / "restricted" / raw_history.COPY_NAME
    assert str(copy) in done.stdout
    with duckdb.connect(str(copy), read_only=True) as con:
        assert con.execute("select row_number from _quarantine").fetchall() == [(9,)]
    assert (data / "dagster_home" / "dagster.yaml").is_file()
    # Nothing was made beside the awkward folder by a path split at its space.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Children's services data"]
