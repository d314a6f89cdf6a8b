"""Where things live and how the pipeline is configured.

Every path and setting comes from an environment variable with a working
default, so `make run` works on a fresh clone and a council can point the
pipeline at its own folders without editing code. `.env.example` documents
each variable; nothing here reads a secret into code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _path(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser().resolve() if value else default


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    landing_dir: Path
    raw_db_path: Path
    warehouse_path: Path
    build_dir: Path
    export_dir: Path
    restricted_dir: Path
    report_dir: Path
    report_url: str
    dfe_dir: Path
    la_code: str
    benchmark_la_code: str
    ui_base_url: str
    slack_token: str | None
    slack_channel: str
    slack_base_url: str
    timezone: str
    reconciliation_gap_warn_points: float = 12.0

    @property
    def build_db_path(self) -> Path:
        """The working database dbt builds into before the atomic swap."""
        return self.build_dir / "warehouse.duckdb"


def load_settings() -> Settings:
    """Read settings now (not at import), so tests can set the environment first."""
    data_dir = _path("LAC_DATA_DIR", REPO_ROOT / "data")
    report_dir = _path("LAC_REPORT_DIR", data_dir / "reports")
    warehouse_path = _path("LAC_WAREHOUSE_PATH", data_dir / "warehouse" / "warehouse.duckdb")
    return Settings(
        data_dir=data_dir,
        landing_dir=_path("LAC_LANDING_DIR", data_dir / "landing"),
        raw_db_path=_path("LAC_RAW_DB", data_dir / "raw" / "raw_history.duckdb"),
        warehouse_path=warehouse_path,
        build_dir=_path("LAC_BUILD_DIR", data_dir / "build"),
        export_dir=_path("LAC_EXPORT_DIR", data_dir / "exports"),
        # Child-level lists for the people who correct records: owner-only (restricted.py).
        restricted_dir=_path("LAC_RESTRICTED_DIR", data_dir / "restricted"),
        # The monthly report (HTML, XLSX, PDF): published, anyone in the council may read it.
        report_dir=report_dir,
        # The link Slack alerts carry: the shared folder or intranet address
        # where the team opens reports; by default the file on this machine.
        report_url=os.environ.get(
            "LAC_REPORT_URL", (report_dir / "latest" / "report.html").as_uri()
        ),
        dfe_dir=_path("LAC_DFE_DIR", REPO_ROOT / "reference_data" / "dfe"),
        la_code=os.environ.get("LAC_LA_CODE", "999"),
        benchmark_la_code=os.environ.get("LAC_BENCHMARK_LA_CODE", "372"),
        ui_base_url=os.environ.get("LAC_UI_BASE_URL", "http://127.0.0.1:3000").rstrip("/"),
        slack_token=os.environ.get("SLACK_BOT_TOKEN") or None,
        slack_channel=os.environ.get("SLACK_CHANNEL", "#lac-performance"),
        slack_base_url=os.environ.get("SLACK_BASE_URL", "https://slack.com/api/"),
        timezone=os.environ.get("LAC_TIMEZONE", "Europe/London"),
        # Why 12 points: the papers' nurse team showed 93% of health
        # assessments up to date while the case system showed 81%, a 12-point
        # gap from missed confirmations that had to be explained to members.
        # A gap that size, in a month whose recording window has closed (so
        # not mere lag), is the same failure (health_reconciliation.py).
        reconciliation_gap_warn_points=float(
            os.environ.get("LAC_RECONCILIATION_GAP_WARN_POINTS", "12")
        ),
    )
