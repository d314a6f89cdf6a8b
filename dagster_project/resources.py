"""The pipeline's settings and its raw history as Dagster resources.

Assets, checks and sensors receive `LacSettings` as a resource parameter
(`lac_settings: LacSettings`) instead of reading the environment themselves:
the Dagster UI shows each value and the environment variable it came from,
and a test injects its own folders by building `LacSettings(data_dir=...)`.

`LacSettings.from_environment()` is what the code location uses: every
variable that is set becomes a `dg.EnvVar`, every other field keeps its
default, which `Settings` (settings.py) works out in one place.

`RawHistory` is the raw history DuckDB file (as PUDL's and Dagster
University's DuckDB resources are): it hands out a connection for one `with`
block and closes it after, because DuckDB allows one writer per file and the
assets of a run take turns at it; and it is the one home of the night's
as-of date.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from dagster_project import raw_history
from dagster_project.settings import ENV_VARS, Settings, resolve_settings


def _configured(value: str | None) -> str | None:
    # Inside a run Dagster has already replaced each EnvVar by its value; when
    # the code location itself reads the settings (the schedule's timezone),
    # a field still holds the EnvVar, which is a str naming the variable.
    return value.get_value() if isinstance(value, dg.EnvVar) else value


class LacSettings(dg.ConfigurableResource):
    """Folders, council codes, report rules and alert settings; None means the default."""

    data_dir: str | None = None
    landing_dir: str | None = None
    raw_db_path: str | None = None
    warehouse_path: str | None = None
    build_dir: str | None = None
    export_dir: str | None = None
    restricted_dir: str | None = None
    report_dir: str | None = None
    report_url: str | None = None
    chromium: str | None = None
    dfe_dir: str | None = None
    la_code: str | None = None
    benchmark_la_code: str | None = None
    ui_base_url: str | None = None
    slack_channel: str | None = None
    slack_base_url: str | None = None
    timezone: str | None = None
    rag_method: str | None = None
    direction_of_travel_convention: str | None = None
    reconciliation_gap_warn_points: str | None = None
    max_shrink_pct: str | None = None
    max_changed_pct: str | None = None
    kept_runs: str | None = None
    run_retention_days: str | None = None
    dbt_memory_limit: str | None = None

    @classmethod
    def from_environment(cls, **overrides: str) -> LacSettings:
        """Each variable that is set becomes an EnvVar, shown by name in the UI.

        `overrides` (plain values) win: a script points one run at its own folders.
        """
        configured = {
            field: dg.EnvVar(var) for field, var in ENV_VARS.items() if os.environ.get(var)
        }
        return cls(**{**configured, **overrides})

    @property
    def settings(self) -> Settings:
        """The resolved settings, defaults filled in (settings.resolve_settings)."""
        return resolve_settings({field: _configured(getattr(self, field)) for field in ENV_VARS})


class RawHistory(dg.ConfigurableResource):
    """The raw history (every accepted extract), a DuckDB file at settings.raw_db_path."""

    lac_settings: LacSettings

    @property
    def path(self) -> Path:
        return self.lac_settings.settings.raw_db_path

    @contextmanager
    def connect(
        self, read_only: bool = False, path: Path | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for one `with` block, closed after it so the next step can write.

        `path`: a council's own raw history (councils.py); by default the
        single layout's, settings.raw_db_path. A reader in another process is
        waited for, a bounded number of times (raw_history.connect,
        duckdb_lock.py); engineers read a copy (`make inspect`).
        """
        con = raw_history.connect(path or self.path, read_only=read_only)
        try:
            yield con
        finally:
            con.close()

    def as_of_date(self, path: Path | None = None) -> dt.date | None:
        """The night the figures are as at (raw_history.as_of_date); dbt gets it as a var."""
        with self.connect(path=path) as con:
            return raw_history.as_of_date(con)

    def newest_as_of_date(self, paths: list[Path]) -> dt.date | None:
        """The warehouse's night over several councils: the newest of their as-of dates.

        Each council's figures are as at its own night (dbt's int_councils);
        this one is the global as-of date dbt is given, and the folder name
        of the night's outputs.
        """
        nights = [night for path in paths if (night := self.as_of_date(path)) is not None]
        return max(nights, default=None)


def pipeline_resources(lac_settings: LacSettings) -> dict[str, dg.ConfigurableResource]:
    """The resources every asset of the pipeline may take, built from one LacSettings.

    The code location passes `LacSettings.from_environment()`; a test passes
    its own folders, e.g. `pipeline_resources(LacSettings(data_dir=str(tmp_path)))`.
    """
    return {"lac_settings": lac_settings, "raw_history": RawHistory(lac_settings=lac_settings)}
