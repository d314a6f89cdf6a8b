"""The quiet console's pieces: step labels, the warning summary, fd redirection."""

from __future__ import annotations

import os
import subprocess
import sys

from dagster_project.console import step_label


def test_steps_have_names_a_newcomer_reads():
    assert step_label("ingest_social_care") == "Ingest and gate social care"
    assert step_label("warehouse_dbt_assets") == "dbt build (models and tests)"
    assert step_label("reports__monthly_report") == "Report (HTML, XLSX, PDF)"


def test_output_of_child_processes_goes_to_the_log_not_the_terminal(tmp_path):
    """dbt runs as a child process: its output must land in the log file."""
    script = f"""
import subprocess, sys
from pathlib import Path
from dagster_project.console import _output_to
with _output_to(Path({str(tmp_path / "run.log")!r})) as terminal:
    print("python noise")
    subprocess.run(["echo", "child noise"], check=True)
    terminal.write("one line per step\\n")
print("after")
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    )
    assert result.stdout == "one line per step\nafter\n"
    log = (tmp_path / "run.log").read_text()
    assert "python noise" in log and "child noise" in log
