"""Which councils a landing folder holds: the single layout, the multi layout, neither both.

Folders are made by hand (an empty `<source>/<date>/` is enough for the
layout); councils.csv is written here with the faults a hand-edited file has.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dagster_project.councils import (
    MULTI,
    SINGLE,
    CouncilRegistryError,
    build_councils,
    council_report_dir,
    council_restricted_dir,
    find_councils,
)
from dagster_project.ingest.council import CouncilMismatch
from dagster_project.settings import resolve_settings

DATE = "2024-03-31"


def settings_for(root: Path, **more: str):
    return resolve_settings(
        {"data_dir": str(root / "data"), "landing_dir": str(root / "landing"), **more}
    )


def drop(folder: Path, source: str = "social_care") -> None:
    (folder / source / DATE).mkdir(parents=True)


def test_the_single_layout_is_todays_one_council(tmp_path):
    drop(tmp_path / "landing")
    drop(tmp_path / "landing", "health")
    settings = settings_for(tmp_path, la_code="123", benchmark_la_code="372")
    found = find_councils(settings)
    assert found.layout == SINGLE
    [council] = found.councils
    assert council.la_code == "123"
    assert council.benchmark_la_code == "372"
    assert council.landing_dir == settings.landing_dir
    assert council.raw_db_path == settings.raw_db_path
    assert not council.multi
    # Outputs keep today's paths.
    assert council_report_dir(settings, council) == settings.report_dir
    assert council_restricted_dir(settings, council) == settings.restricted_dir


def test_an_empty_landing_folder_is_the_single_layout(tmp_path):
    found = find_councils(settings_for(tmp_path))
    assert found.layout == SINGLE
    assert found.codes == ["999"]


def test_the_multi_layout_is_one_council_per_three_digit_folder(tmp_path):
    landing = tmp_path / "landing"
    drop(landing / "801")
    drop(landing / "800", "ssda903")  # a council that sends only the 903
    (landing / "802").mkdir()  # no source folder: not a council
    drop(landing / "_truth")  # the simulator's working folder
    settings = settings_for(tmp_path, la_code="999", benchmark_la_code="372")
    found = find_councils(settings)
    assert found.layout == MULTI
    assert found.codes == ["800", "801"]
    council = found.get("801")
    assert council.landing_dir == landing / "801"
    assert council.raw_db_path == (
        settings.data_dir / "raw" / "councils" / "801" / "raw_history.duckdb"
    )
    # No councils.csv: each council is its own benchmark LA.
    assert council.benchmark_la_code == "801"
    assert council_report_dir(settings, council) == settings.report_dir / "801"
    assert council_restricted_dir(settings, council) == settings.restricted_dir / "801"
    # Each council's raw history is its own file.
    assert len({c.raw_db_path for c in found.councils}) == 2


def test_councils_csv_names_each_council_and_its_benchmark_la(tmp_path):
    landing = tmp_path / "landing"
    drop(landing / "800")
    drop(landing / "801")
    (landing / "councils.csv").write_text(
        "la_code,name,benchmark_la_code\n800,Northshire,372\n801,Southshire,\n905,Not landed,905\n",
        encoding="utf-8",
    )
    found = find_councils(settings_for(tmp_path))
    assert [(c.la_code, c.name, c.benchmark_la_code) for c in found.councils] == [
        ("800", "Northshire", "372"),
        ("801", "Southshire", "801"),  # empty: its own code
    ]


def test_both_layouts_at_once_is_a_clear_error(tmp_path):
    landing = tmp_path / "landing"
    drop(landing)
    drop(landing / "801")
    with pytest.raises(CouncilMismatch) as refused:
        find_councils(settings_for(tmp_path))
    message = str(refused.value)
    assert "holds both layouts" in message
    assert "(social_care)" in message and "(801)" in message
    assert "nothing was read" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("la_code,name\n801,X\n", "row 1 (header) lacks column(s) benchmark_la_code"),
        ("la_code,name,benchmark_la_code\n81,Southshire,372\n", "row 2, column la_code"),
        (
            "la_code,name,benchmark_la_code\n801,Southshire,372\n801,Again,372\n",
            "row 3, column la_code: council 801 listed twice",
        ),
        (
            "la_code,name,benchmark_la_code\n801,<!channel> Jayden Okafor,372\n",
            "row 2, column name",
        ),
        ("la_code,name,benchmark_la_code\n801,Southshire,Rotherham\n", "row 2, column benchmark"),
        ("la_code,name,benchmark_la_code\n801,,372\n", "row 2, column name"),
        ("", "empty; expected a header row"),
    ],
)
def test_a_bad_councils_csv_names_file_row_and_column_never_the_value(tmp_path, content, expected):
    landing = tmp_path / "landing"
    drop(landing / "801")
    (landing / "councils.csv").write_text(content, encoding="utf-8")
    with pytest.raises(CouncilRegistryError) as refused:
        find_councils(settings_for(tmp_path))
    message = str(refused.value)
    assert str(landing / "councils.csv") in message
    assert expected in message
    for untrusted in ("Jayden", "<!channel>", "Rotherham", "Again"):
        assert untrusted not in message


def test_the_build_reads_every_council_with_a_raw_history(tmp_path):
    landing = tmp_path / "landing"
    drop(landing / "800")
    drop(landing / "801")
    settings = settings_for(tmp_path)
    assert build_councils(settings) == []  # nothing ingested yet
    found = find_councils(settings)
    for code in ("801",):
        path = found.get(code).raw_db_path
        path.parent.mkdir(parents=True)
        path.touch()
    # A council whose landing folder has gone keeps its published figures.
    gone = settings.data_dir / "raw" / "councils" / "805" / "raw_history.duckdb"
    gone.parent.mkdir(parents=True)
    gone.touch()
    assert [c.la_code for c in build_councils(settings)] == ["801", "805"]
