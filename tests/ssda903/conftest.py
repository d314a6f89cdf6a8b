"""Shared set-up for the SSDA903 tests: the shared samples and hand-made returns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dagster_project.ssda903.layout import TABLES, empty_table
from dagster_project.ssda903.reader import Ssda903Return
from dagster_project.ssda903.values import build_table

REPO_ROOT = Path(__file__).resolve().parents[2]
# Shipped with the tests (fake data, MIT licence; provenance and sha256 in
# its README), so a fresh clone needs no ../shared beside it.
SSDA903_SAMPLES = REPO_ROOT / "tests" / "fixtures" / "ssda903"


@pytest.fixture(scope="session")
def samples() -> Path:
    """The 903 sample returns; their absence fails the test, never skips it."""
    if not (SSDA903_SAMPLES / "validator_fake" / "episodes.csv").is_file():
        pytest.fail(f"the SSDA903 sample returns are missing: expected {SSDA903_SAMPLES}")
    return SSDA903_SAMPLES


def hand_return(year: int = 2024, **rows: list[dict[str, str]]) -> Ssda903Return:
    """A return built from hand-made rows of text, as a reader would normalise them."""
    tables, problems = {}, []
    for name in TABLES:
        records = rows.get(name)
        if not records:
            tables[name] = empty_table(name)
            continue
        raw = pd.DataFrame(records)
        locations = [f"line {i + 2}" for i in range(len(raw))]
        tables[name], found = build_table(name, raw, locations, f"{name}.csv", year)
        problems += found
    return Ssda903Return(tables, problems)
