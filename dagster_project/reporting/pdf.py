"""report.pdf: the HTML printed to A4 landscape by headless Chromium.

Chromium comes from the machine's packages (Debian's `chromium`; `.ci/run`
installs it when missing): a browser download at run time fails on these
machines. The page size and margins are the stylesheet's `@page` rule.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")

# Flags for a locked-down, offline, one-shot print: no sandbox (we run as
# root in CI), no GPU, and nothing that phones home on start-up.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)

# For the one-shot print only (a driven browser, as in the report tests, needs
# its usual processes): one process, no zygote, V8 without its optimising
# compilers. Chromium's tree of processes was the night's memory peak (about
# 560 MB beside the pipeline's 500 MB); with these about 420 MB, and the same
# 20 pages (scripts/benchmark_nightly.py, docs/performance.md).
PRINT_FLAGS = ("--single-process", "--no-zygote", "--js-flags=--lite-mode")


class ChromiumMissing(RuntimeError):
    """No Chromium on the machine: install Debian's `chromium` package."""


def find_chromium(configured: str | None = None) -> str:
    """The configured browser (settings.chromium, LAC_CHROMIUM), else the first on PATH."""
    if configured:
        return configured
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumMissing("no chromium on PATH: apt-get install chromium (or set LAC_CHROMIUM)")


def print_pdf(html_path: Path, target: Path, chromium: str) -> Path:
    with tempfile.TemporaryDirectory(prefix="lac-chromium-") as profile:
        subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                *PRINT_FLAGS,
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={target}",
                html_path.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            stdin=subprocess.DEVNULL,
        )
    if not target.exists() or target.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no PDF at {target.name}")
    return target
