"""Per-run dbt target folders of earlier layouts (about 13 MB each) are pruned."""

from __future__ import annotations

import os

from dagster_project.assets.dbt_assets import prune_target_folders


def test_only_the_newest_run_folders_are_kept(tmp_path):
    names = [f"warehouse_dbt_assets-{n:03d}-abc" for n in range(3)] + [
        f"nightly-run-{n}" for n in range(4)
    ]
    for age, name in enumerate(reversed(names)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "run_results.json").write_text("{}")
        stamp = 1_700_000_000 - age * 86_400  # one night apart, newest last in `names`
        os.utime(folder, (stamp, stamp))
    (tmp_path / "manifest.json").write_text("{}")  # dbt parse's own files stay
    (tmp_path / "compiled").mkdir()

    removed = prune_target_folders(tmp_path, keep=2)

    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == ["compiled", "manifest.json", "nightly-run-2", "nightly-run-3"]
    assert len(removed) == len(names) - 2


def test_the_nightly_run_removes_every_one_of_them(tmp_path):
    """keep=0, as the dbt asset calls it: dbt's kept folder (dbt_target_dir) is elsewhere."""
    for name in ("nightly-run-1", "warehouse_dbt_assets-001-abc"):
        (tmp_path / name).mkdir()
    (tmp_path / "manifest.json").write_text("{}")

    assert len(prune_target_folders(tmp_path, keep=0)) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json"]


def test_a_missing_target_folder_is_nothing_to_prune(tmp_path):
    assert prune_target_folders(tmp_path / "target", keep=2) == []
