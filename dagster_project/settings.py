"""Where things live and how the pipeline is configured.

Every path and setting comes from an environment variable with a working
default, so `make run` works on a fresh clone and a council can point the
pipeline at its own folders without editing code. `.env.example` documents
each variable; nothing here reads a secret into code.

This module is the one home of every default and derived value. Inside
Dagster the values arrive through the `LacSettings` resource (resources.py);
dbt receives those it needs as vars (dbt_project.dbt_vars); `load_settings`
reads the environment for code that runs outside Dagster (the CLI, scripts).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


# The simulated council's code (not a real LA: real codes run 201-938) and
# the real LA whose DfE figures stand in for its own in the benchmarks
# (372, Rotherham, the papers' council). dbt receives both as vars.
DEFAULT_LA_CODE = "999"
DEFAULT_BENCHMARK_LA_CODE = "372"

# The volume gates (ingest/volume.py): how far a table may shrink, or how
# much of it may change, against the previous accepted extract before the
# drop is rejected. A council's full snapshot loses rows only by deletions
# (merged duplicates, records entered in error): well under 10% a night; the
# truncated episodes file seen in testing lost 77% of its rows. A normal
# night changes a few percent of a table's rows (new recorded-at times,
# episodes closed); half the rows changing at once is another system's or
# another council's file, or shuffled ids. Measured on the simulator, week
# on week: at most 1.9% (workers), most tables under 0.5%.
DEFAULT_MAX_SHRINK_PCT = 10.0
DEFAULT_MAX_CHANGED_PCT = 25.0

# How the RAG column is judged (dbt var rag_method, macros/rag_rating.sql):
# the 2017-2023 papers' red/amber/green tolerances, or the 2013/14 rule
# (local target against the statistical-neighbour and national averages).
RAG_METHODS = ("tolerances", "three_way_2013")
# Direction-of-travel arrows (dbt var direction_of_travel_convention,
# marts/performance_summary.sql): "number" as in 2022/23 (the arrow follows
# the number, the colour says better or worse), or "performance" as in
# 2017/2019 (up = better, whatever the number did).
DIRECTION_OF_TRAVEL_CONVENTIONS = ("number", "performance")


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
    chromium: str | None
    dfe_dir: Path
    la_code: str
    benchmark_la_code: str
    ui_base_url: str
    slack_channel: str
    slack_base_url: str
    timezone: str
    rag_method: str
    direction_of_travel_convention: str
    reconciliation_gap_warn_points: float = 12.0
    max_shrink_pct: float = DEFAULT_MAX_SHRINK_PCT
    max_changed_pct: float = DEFAULT_MAX_CHANGED_PCT
    kept_runs: int = 7
    run_retention_days: int = 30
    dbt_memory_limit: str = "512MB"

    @property
    def build_db_path(self) -> Path:
        """The working database dbt builds into before the atomic swap."""
        return self.build_dir / "warehouse.duckdb"

    @property
    def pooled_raw_path(self) -> Path:
        """The councils' raw histories as one set of views, dbt's `raw` (pooled_raw.py)."""
        return self.build_dir / "raw_pooled.duckdb"


# Each setting and the environment variable it is read from: the one list
# that settings.py, resources.py and .env.example follow.
ENV_VARS: dict[str, str] = {
    "data_dir": "LAC_DATA_DIR",
    "landing_dir": "LAC_LANDING_DIR",
    "raw_db_path": "LAC_RAW_DB",
    "warehouse_path": "LAC_WAREHOUSE_PATH",
    "build_dir": "LAC_BUILD_DIR",
    "export_dir": "LAC_EXPORT_DIR",
    "restricted_dir": "LAC_RESTRICTED_DIR",
    "report_dir": "LAC_REPORT_DIR",
    "report_url": "LAC_REPORT_URL",
    "chromium": "LAC_CHROMIUM",
    "dfe_dir": "LAC_DFE_DIR",
    "la_code": "LAC_LA_CODE",
    "benchmark_la_code": "LAC_BENCHMARK_LA_CODE",
    "ui_base_url": "LAC_UI_BASE_URL",
    "slack_channel": "SLACK_CHANNEL",
    "slack_base_url": "SLACK_BASE_URL",
    "timezone": "LAC_TIMEZONE",
    "rag_method": "LAC_RAG_METHOD",
    "direction_of_travel_convention": "LAC_DOT_CONVENTION",
    "reconciliation_gap_warn_points": "LAC_RECONCILIATION_GAP_WARN_POINTS",
    "max_shrink_pct": "LAC_MAX_SHRINK_PCT",
    "max_changed_pct": "LAC_MAX_CHANGED_PCT",
    "kept_runs": "LAC_KEPT_RUNS",
    "run_retention_days": "LAC_RUN_RETENTION_DAYS",
    "dbt_memory_limit": "LAC_DBT_MEMORY_LIMIT",
}


# DuckDB's own default memory limit is 80% of the machine: at ten times the
# default population the dbt process then took 1.5 GB (docs/performance.md).
# With a limit DuckDB spills its larger joins and sorts to a temporary folder
# beside the working database instead. An eighth of the machine, at most
# 512 MB: the whole nightly run must stay under 1 GB on the default LA and
# 1.5 GB at ten times it, and the pipeline process holds the rest; at least
# 256 MB, below which DuckDB spends its time spilling the default LA's tables.
DBT_MEMORY_LIMIT_MB_MAX = 512
DBT_MEMORY_LIMIT_MB_MIN = 256
# DuckDB's threads are left at its default (one per core): with one thread
# the caseload denominators' float sums came out in another order, 7e-15
# apart, and the marts would no longer equal earlier runs' row for row.


def default_dbt_memory_limit() -> str:
    """DuckDB's memory_limit for the dbt build: an eighth of the machine, 256-512 MB."""
    machine_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    limit = min(max(machine_mb // 8, DBT_MEMORY_LIMIT_MB_MIN), DBT_MEMORY_LIMIT_MB_MAX)
    return f"{limit}MB"


def _as_path(value: str | None, default: Path) -> Path:
    return Path(value).expanduser().resolve() if value else default


def _one_of(name: str, value: str, allowed: tuple[str, ...]) -> str:
    # A misspelt method would otherwise fall through to dbt's default branch
    # and colour the report by a rule nobody chose.
    if value not in allowed:
        raise ValueError(f"{ENV_VARS[name]}={value!r}: expected one of {', '.join(allowed)}")
    return value


def resolve_settings(values: Mapping[str, str | None]) -> Settings:
    """Fill in every default: the one home of each default value.

    `values` maps setting names (ENV_VARS' keys) to a configured string or
    None; the code location passes the resource's fields, load_settings the
    environment.
    """
    given = {name: value for name, value in values.items() if value}
    data_dir = _as_path(given.get("data_dir"), REPO_ROOT / "data")
    report_dir = _as_path(given.get("report_dir"), data_dir / "reports")
    return Settings(
        data_dir=data_dir,
        landing_dir=_as_path(given.get("landing_dir"), data_dir / "landing"),
        raw_db_path=_as_path(given.get("raw_db_path"), data_dir / "raw" / "raw_history.duckdb"),
        warehouse_path=_as_path(
            given.get("warehouse_path"), data_dir / "warehouse" / "warehouse.duckdb"
        ),
        build_dir=_as_path(given.get("build_dir"), data_dir / "build"),
        export_dir=_as_path(given.get("export_dir"), data_dir / "exports"),
        # Child-level lists for the people who correct records: owner-only (restricted.py).
        restricted_dir=_as_path(given.get("restricted_dir"), data_dir / "restricted"),
        # The monthly report (HTML, XLSX, PDF): published, anyone in the council may read it.
        report_dir=report_dir,
        # The link Slack alerts carry: the shared folder or intranet address
        # where the team opens reports; by default the file on this machine.
        report_url=given.get("report_url") or (report_dir / "latest" / "report.html").as_uri(),
        # The browser that prints report.pdf; None: the first Chromium on PATH.
        chromium=given.get("chromium"),
        dfe_dir=_as_path(given.get("dfe_dir"), REPO_ROOT / "reference_data" / "dfe"),
        la_code=given.get("la_code", DEFAULT_LA_CODE),
        benchmark_la_code=given.get("benchmark_la_code", DEFAULT_BENCHMARK_LA_CODE),
        ui_base_url=given.get("ui_base_url", "http://127.0.0.1:3000").rstrip("/"),
        slack_channel=given.get("slack_channel", "#lac-performance"),
        slack_base_url=given.get("slack_base_url", "https://slack.com/api/"),
        timezone=given.get("timezone", "Europe/London"),
        rag_method=_one_of("rag_method", given.get("rag_method", RAG_METHODS[0]), RAG_METHODS),
        direction_of_travel_convention=_one_of(
            "direction_of_travel_convention",
            given.get("direction_of_travel_convention", DIRECTION_OF_TRAVEL_CONVENTIONS[0]),
            DIRECTION_OF_TRAVEL_CONVENTIONS,
        ),
        # Why 12 points: the papers' nurse team showed 93% of health
        # assessments up to date while the case system showed 81%, a 12-point
        # gap from missed confirmations that had to be explained to members.
        # A gap that size, in a month whose recording window has closed (so
        # not mere lag), is the same failure (health_reconciliation.py).
        reconciliation_gap_warn_points=float(given.get("reconciliation_gap_warn_points", "12")),
        max_shrink_pct=float(given.get("max_shrink_pct", DEFAULT_MAX_SHRINK_PCT)),
        max_changed_pct=float(given.get("max_changed_pct", DEFAULT_MAX_CHANGED_PCT)),
        # Why 7: a week of nights, so a reader can compare tonight with any
        # night of the last week, and a BI tool that kept an old published
        # file open for days keeps its folder (publish.py, retention.py).
        kept_runs=int(given.get("kept_runs", "7")),
        # Why 30 days: a month of nightly runs to look back on in the UI, as
        # dagster.yaml keeps a month of schedule ticks; the raw history keeps
        # the data itself (retention.py).
        run_retention_days=int(given.get("run_retention_days", "30")),
        dbt_memory_limit=given.get("dbt_memory_limit", default_dbt_memory_limit()),
    )


def load_settings() -> Settings:
    """Read the environment now (not at import): for code that runs outside Dagster.

    Inside Dagster, assets and sensors take the `LacSettings` resource
    (resources.py) instead.
    """
    return resolve_settings({name: os.environ.get(var) for name, var in ENV_VARS.items()})
