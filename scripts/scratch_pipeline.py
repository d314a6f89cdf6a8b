"""The environment for `python -m dagster_project run` on folders of a script's own.

The scripts that measure or check the real nightly job (growth, the national
benchmark, the two-council check, the kill -9 test) each run it on scratch
data: a data folder, a landing folder and a Dagster home holding the
project's instance settings (config/dagster.yaml, as `make setup` copies it).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def scratch_pipeline_env(
    data_dir: Path, landing_dir: Path, la_code: str | None = None
) -> dict[str, str]:
    """This process's environment pointed at `data_dir` and `landing_dir`.

    The Dagster home is `data_dir`/dagster_home, made here. `la_code` is the
    single council's code; None leaves the setting (or the multi-council
    layout's own codes) to the pipeline.
    """
    home = data_dir / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "config" / "dagster.yaml", home / "dagster.yaml")
    env = {
        **os.environ,
        "LAC_DATA_DIR": str(data_dir),
        "LAC_LANDING_DIR": str(landing_dir),
        "DAGSTER_HOME": str(home),
    }
    if la_code is not None:
        env["LAC_LA_CODE"] = la_code
    return env
