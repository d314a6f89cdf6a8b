"""Simulator runs shared by the simulator tests (each is run once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sim_indicators import SMALL

from simulator.config import Options
from simulator.la import run_la


@pytest.fixture(scope="session")
def default_run(tmp_path_factory) -> Path:
    """The default LA (57,000 children), one extract: calibration and defects."""
    out = tmp_path_factory.mktemp("default")
    run_la(Options(out=str(out)), out)
    return out


@pytest.fixture(scope="session")
def small_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("small")
    run_la(Options(out=str(out), **SMALL), out)
    return out
