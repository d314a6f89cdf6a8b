"""dbt in this process (dbt-core's `dbtRunner`), its events made Dagster's by dagster-dbt.

`DbtCliResource.cli` starts a dbt process each night: dbt's imports, profile
and partial parse again, then every event written as JSON and read back.
Here `dbtRunner` runs in a thread of the pipeline process, which has already
imported dbt (dagster-dbt does), and its callback hands each event over as
the very dict dbt's JSON log line holds (`msg_to_dict`, what `--log-format
json` prints). dagster-dbt's own `DbtCliInvocation` then reads those dicts
instead of a subprocess's stdout, so the Dagster events (one materialization
per model, one check result per test, their metadata) are the ones
dagster-dbt makes from the CLI: nothing is translated here.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from dagster_dbt import DagsterDbtTranslator, DbtCliInvocation
from dagster_dbt.asset_utils import get_updated_cli_invocation_params_for_context

_DONE = object()
# Events below info are dbt's debug stream: the CLI does not print them at its
# default log level either, and dagster-dbt makes nothing of them.
SKIPPED_LEVELS = frozenset({"debug"})


class InProcessDbt:
    """Stands in for the dbt subprocess `DbtCliInvocation` reads: dbtRunner in a thread.

    It has what `DbtCliInvocation` asks of a `subprocess.Popen`: `args`,
    `returncode`, `wait()` and `send_signal()`, and its events in order.
    """

    def __init__(self, args: Sequence[str]) -> None:
        self.args = ["dbt", *args]
        self.returncode: int | None = None
        self._finished = False
        self._events: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, args=(list(args),), daemon=True)
        self._thread.start()

    def _run(self, args: list[str]) -> None:
        from dbt.cli.main import dbtRunner

        try:
            result = dbtRunner(callbacks=[self._on_event]).invoke(args)
            # dbt's own exit codes: 1 for failed nodes, 2 for an error before or around them.
            self.returncode = 0 if result.success else 1 if result.exception is None else 2
        except BaseException as error:
            self.returncode = 2
            self._events.put(_error_event(f"dbt failed in process: {type(error).__name__}"))
        finally:
            close_duckdb_environment()
            release_dbt_state()
            self._events.put(_DONE)

    def _on_event(self, msg: Any) -> None:
        from dbt_common.events.functions import msg_to_dict

        if msg.info.level in SKIPPED_LEVELS:
            return
        self._events.put(msg_to_dict(msg))

    def events(self) -> Iterator[dict[str, Any]]:
        """Each event once, in order, until dbt ends; nothing on a later call.

        dagster-dbt reads the stream a second time to learn whether the
        process succeeded (its stdout pipe, by then empty).
        """
        while not self._finished and (event := self._events.get()) is not _DONE:
            yield event
        self._finished = True

    def wait(self, timeout: float | None = None) -> int | None:
        self._thread.join(timeout)
        return self.returncode

    def send_signal(self, _signal: int) -> None:
        """An interrupted run waits for dbt's current node: a thread cannot be signalled."""


def _error_event(message: str) -> dict[str, Any]:
    return {"info": {"level": "error", "msg": message, "name": "InProcessError"}, "data": {}}


def close_duckdb_environment() -> None:
    """Close the DuckDB database dbt-duckdb keeps open for the process's lifetime.

    In a dbt process that ends, the files close with it; here the working
    database would stay open in the pipeline process, and publishing (a file
    swap) and the later steps' own connections must find it closed.
    dbt-duckdb's `close_all_connections` only drops its reference.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        environment = DuckDBConnectionManager._ENV
        DuckDBConnectionManager._ENV = None
    if environment is not None:
        environment.close()


def release_dbt_state() -> None:
    """Let go of what dbt keeps for a next command in the same process: its adapter.

    The adapter holds the parsed project and its macros (a few hundred MB);
    the nightly run invokes dbt once, and the report runs after it.
    """
    from dbt.adapters.factory import reset_adapters

    reset_adapters()


class InProcessDbtCliInvocation(DbtCliInvocation):
    """dagster-dbt's invocation, reading the in-process dbt's events, not a process's stdout."""

    def _stream_stdout(self) -> Iterator[str | dict[str, Any]]:
        for raw_event in self.process.events():
            if raw_event["info"]["level"] == "error":
                self._error_messages.append(raw_event["info"]["msg"])
            yield raw_event


def invoke_in_process(
    *,
    args: Sequence[str],
    context: Any,
    project_dir: Path,
    profiles_dir: str,
    target_path: Path,
    cli_version: Any,
) -> DbtCliInvocation:
    """What `DbtCliResource.cli` does for a `@dbt_assets` step, with dbt in this process.

    The selection comes from dagster-dbt (`get_updated_cli_invocation_params_for_context`:
    the step's assets and checks as dbt's --select and indirect selection),
    as the CLI resource computes it; the CLI's environment variables become
    dbt's own flags.
    """
    params = get_updated_cli_invocation_params_for_context(
        context=context,
        manifest={},
        dagster_dbt_translator=DagsterDbtTranslator(),
        runtime_selects=[],
        runtime_excludes=[],
    )
    flags = [
        *("--project-dir", os.fspath(project_dir)),
        *("--profiles-dir", profiles_dir),
        *("--target-path", os.fspath(target_path)),
        *("--log-path", os.fspath(target_path)),
        # Nothing to the pipeline's stdout: dagster-dbt writes each event there itself.
        "--quiet",
        "--no-send-anonymous-usage-stats",
    ]
    if params.indirect_selection:
        flags += ["--indirect-selection", params.indirect_selection]
    dbt_args = [*args[:1], *flags, *args[1:], *params.selection_args]
    return InProcessDbtCliInvocation(
        process=InProcessDbt(dbt_args),
        manifest=params.manifest,
        dagster_dbt_translator=params.dagster_dbt_translator,
        project_dir=project_dir,
        target_path=target_path,
        raise_on_error=True,
        context=context,
        adapter=None,
        cli_version=cli_version,
        project=params.dbt_project,
    )
