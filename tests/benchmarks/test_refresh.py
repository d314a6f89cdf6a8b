"""`make refresh-dfe` against a local fake of the EES public API.

The fake answers the three calls the refresh makes (find the publication,
list its data sets, download a data set's CSV) from a dict the test fills,
so each test decides what "the newest release" is. No real network.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dagster_project.benchmarks.refresh import refresh, report
from tests.benchmarks.conftest import DFE_DIR

PUBLICATION = "children-looked-after-in-england-including-adoptions"
STABILITY = "la_cla_placement_stability.csv"
STABILITY_TITLE = "Placement stability of children looked after, by local authority"
TODAY = dt.date(2026, 11, 30)


class FakeEes:
    """Data set title -> (id, CSV bytes); a request log for assertions."""

    def __init__(self) -> None:
        self.data_sets: dict[str, tuple[str, bytes]] = {}
        self.failing: set[str] = set()  # data set ids that answer HTTP 500
        self.requests: list[str] = []

    def answer(self, path: str, query: dict) -> tuple[int, bytes, str]:
        if path == "/v1/publications":
            body = {
                "paging": {"page": 1, "pageSize": 40, "totalResults": 1, "totalPages": 1},
                "results": [{"id": "pub-1", "slug": PUBLICATION, "title": "CLA"}],
            }
            return 200, json.dumps(body).encode(), "application/json"
        if path == "/v1/publications/pub-1/data-sets":
            results = [{"id": i, "title": t} for t, (i, _) in self.data_sets.items()]
            return 200, json.dumps({"results": results}).encode(), "application/json"
        for data_set_id, content in self.data_sets.values():
            if path == f"/v1/data-sets/{data_set_id}/csv":
                if data_set_id in self.failing:
                    return 500, b"internal error", "text/plain"
                return 200, content, "text/csv"
        return 404, b"not found", "text/plain"


@pytest.fixture
def fake_ees() -> Iterator[tuple[FakeEes, str]]:
    fake = FakeEes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            fake.requests.append(self.path)
            status, body, kind = fake.answer(parts.path, urllib.parse.parse_qs(parts.query))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "dfe"
    shutil.copytree(DFE_DIR, copy)
    return copy


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _newer_stability_release() -> bytes:
    """The shipped file less its last line: a valid release with other content."""
    lines = (DFE_DIR / STABILITY).read_bytes().splitlines(keepends=True)
    return b"".join(lines[:-1])


def test_a_good_release_replaces_the_file_and_records_its_provenance(fake_ees, folder):
    fake, base = fake_ees
    newer = _newer_stability_release()
    fake.data_sets[STABILITY_TITLE] = ("ds-stability", newer)
    before = _contents(folder)

    results = {r.file: r for r in refresh(folder, base, today=TODAY)}

    assert results[STABILITY].status == "replaced", results[STABILITY].message
    assert (folder / STABILITY).read_bytes() == newer
    sha = hashlib.sha256(newer).hexdigest()
    provenance = (folder / "PROVENANCE.md").read_text()
    assert f"| {sha} |" in provenance
    assert hashlib.sha256(before[STABILITY]).hexdigest() not in provenance.split("## Refreshes")[0]
    assert f"- 2026-11-30 {STABILITY}: sha256 {sha}, from {base}/v1/data-sets/ds-stability/csv" in (
        provenance
    )
    # Files EES does not serve here failed to be found and were kept as shipped.
    others = {n for n in before if n not in (STABILITY, "PROVENANCE.md")}
    assert {n: (folder / n).read_bytes() for n in others} == {n: before[n] for n in others}
    assert results["sn_model_2025_wide.csv"].status == "not_on_ees"
    assert not [p for p in folder.iterdir() if p.name.startswith(".")], "temporary files left"


def test_a_broken_release_leaves_everything_as_it_was(fake_ees, folder, capsys):
    fake, base = fake_ees
    broken = (DFE_DIR / STABILITY).read_bytes().replace(b"children_percent", b"percentage", 1)
    fake.data_sets[STABILITY_TITLE] = ("ds-stability", broken)
    before = _contents(folder)

    # What `make refresh-dfe` prints and exits with, without the command's
    # HTTP time limit: a loaded machine may answer slowly.
    assert report(refresh(folder, base)) == 1

    assert _contents(folder) == before
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith(f"{STABILITY}:"))
    assert "rejected" in line and "missing columns: children_percent" in line
    assert "kept the shipped file" in line


def test_a_server_error_or_an_unknown_data_set_changes_nothing(fake_ees, folder):
    fake, base = fake_ees
    fake.data_sets[STABILITY_TITLE] = ("ds-stability", _newer_stability_release())
    fake.failing.add("ds-stability")
    before = _contents(folder)

    results = {r.file: r for r in refresh(folder, base, today=TODAY)}

    assert _contents(folder) == before
    assert results[STABILITY].status == "failed"
    assert "answered HTTP 500" in results[STABILITY].message
    health = results["la_conviction_health_outcome_cla.csv"]
    assert health.status == "failed" and "has no data set titled" in health.message


def test_the_same_release_again_is_unchanged(fake_ees, folder):
    fake, base = fake_ees
    fake.data_sets[STABILITY_TITLE] = ("ds-stability", (DFE_DIR / STABILITY).read_bytes())
    before = _contents(folder)

    results = {r.file: r for r in refresh(folder, base, today=TODAY)}

    assert results[STABILITY].status == "unchanged"
    assert _contents(folder) == before
    assert any(r.startswith("/v1/data-sets/ds-stability/csv") for r in fake.requests)


def test_a_direct_download_url_in_the_manifest_is_used(fake_ees, folder):
    fake, base = fake_ees
    newer = _newer_stability_release()
    fake.data_sets["not listed by title"] = ("ds-direct", newer)
    sources = json.loads((folder / "ees_sources.json").read_text())
    sources["files"][STABILITY]["ees"] = {"url": "/v1/data-sets/ds-direct/csv"}
    (folder / "ees_sources.json").write_text(json.dumps(sources))

    results = {r.file: r for r in refresh(folder, base, today=TODAY)}

    assert results[STABILITY].status == "replaced", results[STABILITY].message
    assert results[STABILITY].url == f"{base}/v1/data-sets/ds-direct/csv"
    assert (folder / STABILITY).read_bytes() == newer
