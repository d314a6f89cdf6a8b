"""The dbt YAML keeps the style guide's shape: one models file per intermediate
folder, every intermediate model described (the description the Dagster UI
shows) and its grain tested, every indicator family tagged for indicator_values."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

DBT_DIR = Path(__file__).resolve().parents[2] / "dbt"
INTERMEDIATE = DBT_DIR / "models" / "intermediate"
FOLDERS = sorted(p for p in INTERMEDIATE.iterdir() if p.is_dir())

# Models whose rows have no unique column set, and why.
NO_GRAIN = {
    "int_data_quality_findings": "one row per record and rule; the record itself is not carried",
}


def _entries(folder: Path) -> dict[str, dict]:
    path = folder / f"_int_{folder.name}__models.yml"
    assert path.exists(), f"{path.relative_to(DBT_DIR)} is missing"
    return {m["name"]: m for m in yaml.safe_load(path.read_text()).get("models", [])}


def _has_grain_test(entry: dict) -> bool:
    model_tests = entry.get("data_tests", [])
    if any(isinstance(t, dict) and "unique_combination_of_columns" in t for t in model_tests):
        return True
    return any("unique" in (c.get("data_tests") or []) for c in entry.get("columns", []))


def test_there_are_intermediate_folders():
    assert len(FOLDERS) >= 5


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_one_models_file_and_one_unit_test_file_per_folder(folder):
    ymls = sorted(p.name for p in folder.glob("*.yml"))
    allowed = {f"_int_{folder.name}__models.yml", f"_int_{folder.name}__unit_tests.yml"}
    assert set(ymls) <= allowed, ymls
    assert not list(INTERMEDIATE.glob("*.yml")), "YAML belongs in the model's own folder"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_every_model_is_described_and_its_grain_tested(folder):
    entries = _entries(folder)
    models = sorted(p.stem for p in folder.glob("*.sql"))
    assert models
    assert sorted(entries) == models, "models file and SQL files differ"
    for name in models:
        assert len(entries[name].get("description", "").split()) >= 5, f"{name}: no description"
        if name not in NO_GRAIN:
            assert _has_grain_test(entries[name]), f"{name}: grain not tested"


def test_every_indicator_family_is_tagged():
    entries = _entries(INTERMEDIATE / "indicators")
    families = [name for name in entries if name.startswith("int_indicators_")]
    assert len(families) >= 10
    untagged = [
        name
        for name in families
        if "indicator_family" not in entries[name].get("config", {}).get("tags", [])
    ]
    assert untagged == []
