"""The settings resource: one list of variables, documented, read the same way
inside Dagster (LacSettings) and outside it (load_settings, for the CLI)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from dagster_project.resources import LacSettings, RawHistory, pipeline_resources
from dagster_project.settings import ENV_VARS, load_settings

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_every_variable_is_documented():
    example = (REPO_ROOT / ".env.example").read_text()
    readme = (REPO_ROOT / "README.md").read_text()
    for variable in [*ENV_VARS.values(), "SLACK_BOT_TOKEN"]:
        assert f"# {variable}=" in example, variable
        assert f"`{variable}`" in readme, variable


def test_every_setting_is_a_field_of_the_resource():
    assert set(ENV_VARS) <= set(LacSettings.model_fields)


def test_the_resource_and_the_environment_agree(monkeypatch):
    for variable in ENV_VARS.values():
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LAC_LA_CODE", "372")
    monkeypatch.setenv("LAC_DATA_DIR", "/srv/lac")
    from_env = LacSettings.from_environment()
    # Outside a run the fields hold EnvVars; the settings read their values.
    assert isinstance(from_env.la_code, dg.EnvVar)
    assert from_env.settings == load_settings()
    assert from_env.settings.la_code == "372"
    assert from_env.settings.raw_db_path == Path("/srv/lac/raw/raw_history.duckdb").resolve()


def test_an_asset_gets_the_injected_settings_not_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LAC_DATA_DIR", "/somewhere/else")
    seen = {}

    @dg.asset
    def probe(lac_settings: LacSettings, raw_history: RawHistory) -> None:
        seen["settings"] = lac_settings.settings
        with raw_history.connect() as con:
            seen["tables"] = con.execute("select count(*) from duckdb_tables()").fetchone()[0]
        seen["as_of"] = raw_history.as_of_date()

    resources = pipeline_resources(LacSettings(data_dir=str(tmp_path), la_code="123"))
    assert dg.materialize([probe], resources=resources).success
    assert seen["settings"].la_code == "123"
    assert seen["settings"].raw_db_path == tmp_path.resolve() / "raw" / "raw_history.duckdb"
    # The raw history was created with its schema, and has no social care night yet.
    assert (tmp_path / "raw" / "raw_history.duckdb").exists()
    assert seen["tables"] > 0
    assert seen["as_of"] is None


# Modules that may read the environment: where the variables are defined and
# turned into resources (settings; the Slack alerter, whose token is passed
# as an EnvVar so the UI never shows it), and the command-line tools, which
# run outside Dagster (the nightly CLI, `make refresh-dfe`). Shrink this set,
# never grow it.
READS_THE_ENVIRONMENT = {
    "settings.py",
    "resources.py",
    "alerts/slack.py",
    "__main__.py",
    "benchmarks/refresh.py",
    # a command line, as __main__.py: `make migrate-raw-history` finds the raw history
    "migrate_raw_history.py",
    # Not a setting: hands the night and the data folder's paths to the dbt
    # it starts, and puts the variables back (environment_for_dbt), so dbt's
    # partial parse survives.
    "dbt_project.py",
    # Runs inside dbt (the profile's plugin): reads what dbt_project.py
    # handed to dbt's environment, never a setting.
    "dbt_duckdb_plugin.py",
}


def test_no_other_module_reads_the_environment():
    package = REPO_ROOT / "dagster_project"
    readers = {
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if any(
            needle in path.read_text() for needle in ("os.environ", "os.getenv", "load_settings(")
        )
    }
    assert readers == READS_THE_ENVIRONMENT
