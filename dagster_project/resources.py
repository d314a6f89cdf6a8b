"""The pipeline's settings as a Dagster resource.

Assets, checks and sensors receive `LacSettings` as a resource parameter
(`lac_settings: LacSettings`) instead of reading the environment themselves:
the Dagster UI shows each value and the environment variable it came from,
and a test injects its own folders by building `LacSettings(data_dir=...)`.

`LacSettings.from_environment()` is what the code location uses: every
variable that is set becomes a `dg.EnvVar`, every other field keeps its
default, which `Settings` (settings.py) works out in one place.
"""

from __future__ import annotations

import os

import dagster as dg

from dagster_project.settings import ENV_VARS, Settings, resolve_settings


class LacSettings(dg.ConfigurableResource):
    """Folders, council codes and alert settings; None means the default."""

    data_dir: str | None = None
    landing_dir: str | None = None
    raw_db_path: str | None = None
    warehouse_path: str | None = None
    build_dir: str | None = None
    export_dir: str | None = None
    restricted_dir: str | None = None
    report_dir: str | None = None
    report_url: str | None = None
    dfe_dir: str | None = None
    la_code: str | None = None
    benchmark_la_code: str | None = None
    ui_base_url: str | None = None
    slack_channel: str | None = None
    slack_base_url: str | None = None
    timezone: str | None = None
    reconciliation_gap_warn_points: str | None = None

    @classmethod
    def from_environment(cls) -> LacSettings:
        """Each variable that is set becomes an EnvVar, shown by name in the UI."""
        return cls(
            **{field: dg.EnvVar(var) for field, var in ENV_VARS.items() if os.environ.get(var)}
        )

    @property
    def settings(self) -> Settings:
        """The resolved settings, defaults filled in (settings.resolve_settings)."""
        return resolve_settings({field: getattr(self, field) for field in ENV_VARS})
