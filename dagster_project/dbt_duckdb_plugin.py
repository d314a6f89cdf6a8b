"""The dbt-duckdb plugin that points dbt at this data folder's files.

dbt reparses the whole project (8-10 CPU-s) whenever the profile's rendered
connection values or the command line's `--vars` differ from its last parse
(dbt-core 1.11, `ManifestLoader.build_manifest_state_check`: it hashes the
cli vars and each connection key of the profile with its value: `path`,
`attach` and `settings` included). Paths given as vars or written into the
profile therefore made every new data folder (a first night, each test's
world) parse from nothing. The profile (dbt/profiles.yml) now holds only
constant values and names this plugin; the plugin, when dbt opens its
DuckDB database, swaps in the paths Dagster hands to dbt's environment
(dbt_project.dbt_environment). dbt never hashes those, so a parse made once
(`make setup`) is good for every data folder.

Without the variables (dbt run by hand from dbt/), the profile's relative
defaults apply: ../data/build/warehouse.duckdb and its pooled raw history.

Imported by the dbt process: standard library and dbt-duckdb only.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

BUILD_DB_ENV = "LAC_DBT_BUILD_DB"
RAW_DB_ENV = "LAC_DBT_RAW_DB"
COUNCIL_RAW_DBS_ENV = "LAC_DBT_COUNCIL_RAW_DBS"
MEMORY_LIMIT_ENV = "LAC_DBT_DUCKDB_MEMORY_LIMIT"

# The by-hand defaults (dbt run from dbt/): the default data folder's files.
DEFAULT_RAW_DB = "../data/build/raw_pooled.duckdb"
# DuckDB's memory limit when no setting is handed over: settings.py's ceiling.
DEFAULT_MEMORY_LIMIT = "512MB"

# dbt names the build's database after the profile's file ("warehouse") when
# it parses; a file of another name would be a catalogue dbt never writes to.
BUILD_DB_FILE_NAME = "warehouse.duckdb"
LA_CODE = re.compile(r"[0-9]{3}")


def _quoted(path: str) -> str:
    return "'" + path.replace("'", "''") + "'"


class Plugin(BasePlugin):
    """Opens the build database, the pooled raw history and each council's raw history."""

    def initialize(self, _plugin_config: dict[str, Any]) -> None:
        # The profile gives no config: everything comes from dbt's environment.
        environment = os.environ
        self.build_db = environment.get(BUILD_DB_ENV)
        if self.build_db and os.path.basename(self.build_db) != BUILD_DB_FILE_NAME:
            raise ValueError(f"{BUILD_DB_ENV}: the build database's file is {BUILD_DB_FILE_NAME}")
        self.raw_db = environment.get(RAW_DB_ENV) or DEFAULT_RAW_DB
        self.memory_limit = environment.get(MEMORY_LIMIT_ENV) or DEFAULT_MEMORY_LIMIT
        councils = json.loads(environment.get(COUNCIL_RAW_DBS_ENV) or "{}")
        if not all(LA_CODE.fullmatch(str(code)) for code in councils):
            raise ValueError(f"{COUNCIL_RAW_DBS_ENV}: an LA code is three digits")
        self.council_raw_dbs: dict[str, str] = councils

    def update_connection_config(self, creds: Any, config: dict[str, Any]) -> None:
        # Called just before dbt-duckdb connects to creds.path; the parse
        # (and its hash) saw the profile's constant path.
        if self.build_db:
            creds.path = self.build_db
        config["memory_limit"] = self.memory_limit

    def configure_connection(self, conn: Any) -> None:
        # `raw` is what the sources name (database 'raw' on DuckDB); the
        # pooled raw history's views read the councils' files as council_<code>
        # (dagster_project/pooled_raw.py).
        conn.execute(f"attach if not exists {_quoted(self.raw_db)} as raw (read_only)")
        for la_code, path in self.council_raw_dbs.items():
            conn.execute(f"attach if not exists {_quoted(path)} as council_{la_code} (read_only)")
