"""dbt in the pipeline process hands dagster-dbt the events the dbt CLI prints.

dagster-dbt turns dbt's JSON log lines into Dagster events (one
materialization per model, one check result per test, with the metadata the
alerts read). In process, the same dicts must reach it, in the same order,
and a failure must still fail the invocation.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from dagster_project.dbt_in_process import InProcessDbt
from tests.support.dbt_cli import DBT, DBT_DIR


def _inline_args(command: str, work_dir: Path, sql: str) -> list[str]:
    return [
        *(command, "--inline", sql),
        *("--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR), "--target", "lint"),
        *("--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs")),
        *("--vars", json.dumps({"la_code": "999"})),
    ]


def _names(events: list[dict]) -> list[str]:
    return [event["info"]["name"] for event in events]


def test_in_process_events_are_the_lines_the_cli_prints(tmp_path):
    sql = "select 41 + 1 as answer"
    cli = subprocess.run(
        [str(DBT), "--log-format", "json", *_inline_args("compile", tmp_path / "cli", sql)],
        capture_output=True,
        text=True,
        check=True,
    )
    printed = [json.loads(line) for line in cli.stdout.splitlines() if line.startswith("{")]

    dbt = InProcessDbt(_inline_args("compile", tmp_path / "in_process", sql))
    handed_over = list(dbt.events())

    assert dbt.wait() == 0
    assert _names(handed_over) == _names(printed)
    for ours, theirs in zip(handed_over, printed, strict=True):
        assert set(ours) == set(theirs)
        assert set(ours["info"]) == set(theirs["info"])
        assert set(ours["data"]) == set(theirs["data"])
    assert any("41 + 1" in json.dumps(event) for event in handed_over)
    # dagster-dbt reads the stream again to learn the outcome: it must end at once.
    assert list(dbt.events()) == []


def test_a_failing_dbt_fails_in_process_with_its_error_event(tmp_path):
    # `show` runs the query (in DuckDB, in memory: target lint), which fails.
    dbt = InProcessDbt(_inline_args("show", tmp_path, "select * from no_such_table_anywhere"))
    handed_over = list(dbt.events())
    assert dbt.wait() != 0
    errors = [e["info"]["msg"] for e in handed_over if e["info"]["level"] == "error"]
    assert any("no_such_table_anywhere" in message for message in errors), errors
