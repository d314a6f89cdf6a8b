"""The restricted output: owner-only folders and files, written atomically."""

import datetime as dt
import stat

import pandas as pd
import pytest

from dagster_project.restricted import write_restricted_list


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_list_is_owner_only_dated_and_latest(tmp_path):
    root = tmp_path / "restricted"
    frame = pd.DataFrame({"source_child_id": ["C1", "C2"], "working_days_outstanding": [25, 31]})
    dated = write_restricted_list(
        root, dt.date(2026, 10, 31), "health_reconciliation_exceptions", frame
    )

    latest = root / "latest" / "health_reconciliation_exceptions.csv"
    assert dated == root / "2026-10-31" / "health_reconciliation_exceptions.csv"
    for path in (dated, latest):
        assert _mode(path) == 0o600
        assert pd.read_csv(path)["source_child_id"].tolist() == ["C1", "C2"]
    for folder in (root, root / "2026-10-31", root / "latest"):
        assert _mode(folder) == 0o700
    # No temporary file is left behind.
    assert sorted(p.name for p in (root / "latest").iterdir()) == [
        "health_reconciliation_exceptions.csv"
    ]


def test_an_existing_open_folder_is_closed_to_others(tmp_path):
    root = tmp_path / "restricted"
    root.mkdir(mode=0o755)
    root.chmod(0o755)
    write_restricted_list(
        root, dt.date(2026, 10, 31), "records_to_correct", pd.DataFrame({"a": [1]})
    )
    assert _mode(root) == 0o700


def test_list_name_cannot_carry_a_path(tmp_path):
    with pytest.raises(ValueError):
        write_restricted_list(tmp_path, dt.date(2026, 10, 31), "../published", pd.DataFrame())
