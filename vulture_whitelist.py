"""Names the dead-code check (vulture, run by `make test`) cannot see being used.

Each one is called or read by a library through reflection, never by name in
our code; anything else vulture reports is dead and should go, not come here.
pytest fixtures and hooks are left to the `[tool.vulture]` settings in
pyproject.toml. vulture reads this file; nothing imports or runs it.
"""

import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from great_expectations.data_context.data_context_variables import DataContextVariables
from slack_sdk.http_retry.state import RetryState

from dagster_project.alerts.slack import _CappedRateLimitRetryHandler
from dagster_project.assets.dbt_assets import WarehouseTranslator
from dagster_project.dbt_duckdb_plugin import Plugin as DbtDuckDbPlugin
from dagster_project.dbt_in_process import InProcessDbtCliInvocation
from dagster_project.reporting.html import IndicatorPage

# slack-sdk's retry loop calls the handler and reads the state it sets.
_CappedRateLimitRetryHandler.prepare_for_next_attempt
RetryState.next_attempt_requested

# dagster-dbt asks the translator for each dbt node's asset key and group.
WarehouseTranslator.get_asset_key
WarehouseTranslator.get_group_name

# dbt-duckdb loads the profile's plugin module's `Plugin` and calls its hooks.
DbtDuckDbPlugin.initialize
DbtDuckDbPlugin.update_connection_config
DbtDuckDbPlugin.configure_connection

# GX reads its context variables (progress bars switched off in the gates).
DataContextVariables.progress_bars

# zipfile writes each member's compression and permissions (simulator/xlsx.py).
zipfile.ZipInfo.compress_type
zipfile.ZipInfo.external_attr

# http.server dispatches requests to do_<METHOD> and logs through
# log_message (the fake Slack Web API in tests/support/fake_slack.py, the
# fake Explore Education Statistics API in tests/benchmarks/test_refresh.py).
BaseHTTPRequestHandler.do_POST
BaseHTTPRequestHandler.do_GET
BaseHTTPRequestHandler.log_message
ThreadingHTTPServer.daemon_threads

# Jinja templates read the report's fields by name (reporting/templates).
IndicatorPage.definition

# dagster-dbt's DbtCliInvocation reads the dbt events through _stream_stdout;
# the in-process invocation overrides it (dagster_project/dbt_in_process.py).
InProcessDbtCliInvocation._stream_stdout
