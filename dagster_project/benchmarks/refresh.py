"""Refresh the shipped DfE releases from Explore Education Statistics (EES).

`make refresh-dfe` (or `python -m dagster_project.benchmarks.refresh`): for
each file in `reference_data/dfe/ees_sources.json` that EES publishes, find the
newest version of its data set on the EES public API, download it, check it
with the loader the pipeline uses (`store.load_file`, into a throwaway
in-memory database), and only then replace the shipped file, atomically
(`os.replace` from a temporary file in the same folder), recording the new
sha256, date and URL in PROVENANCE.md. A download that fails or a file the
loader rejects leaves that file and PROVENANCE.md exactly as they were, and
says why; the command then exits non-zero.

API (https://api.education.gov.uk/statistics, v1; the base URL is
LAC_EES_API_URL or --base-url, so tests and mirrors can stand in for it):
`GET /v1/publications?search=` finds the publication by slug,
`GET /v1/publications/{id}/data-sets` lists its data sets with their latest
version, `GET /v1/data-sets/{id}/csv` downloads the latest version as CSV.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.benchmarks.ees_layout import MalformedReleaseError
from dagster_project.benchmarks.store import ensure_schema, load_file
from dagster_project.checksums import sha256_of

DEFAULT_BASE_URL = "https://api.education.gov.uk/statistics"
SOURCES_FILE = "ees_sources.json"
PROVENANCE_FILE = "PROVENANCE.md"
REFRESH_HEADING = "## Refreshes"
# A release is a few MB at most; a minute covers a slow council proxy, and a
# hung connection must not hang `make refresh-dfe` for ever.
HTTP_TIMEOUT_SECONDS = 60


@dataclass
class Refreshed:
    file: str
    status: str  # replaced | unchanged | rejected | failed | not_on_ees
    message: str
    url: str | None = None
    sha256: str | None = None


class RefreshError(Exception):
    """The newest release could not be found or downloaded."""


class EesApi:
    def __init__(self, base_url: str, timeout_seconds: float | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        # None waits as long as it takes; the command (`main`) sets its limit.
        self.timeout_seconds = timeout_seconds

    def url(self, path: str, **query: str) -> str:
        tail = f"?{urllib.parse.urlencode(query)}" if query else ""
        return f"{self.base_url}{path}{tail}"

    def get(self, url: str) -> bytes:
        try:
            with urllib.request.urlopen(url, timeout=self.timeout_seconds) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            raise RefreshError(f"{url} answered HTTP {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            raise RefreshError(f"{url} could not be reached ({error})") from None

    def get_json(self, url: str):
        try:
            return json.loads(self.get(url))
        except json.JSONDecodeError:
            raise RefreshError(f"{url} did not answer with JSON") from None

    def latest_csv_url(self, ees: dict) -> str:
        """The download URL of the newest version of the data set `ees` names.

        `url` (absolute, or a path under the base URL) names a download
        directly, e.g. a data catalogue link, for a file the API lacks.
        """
        if ees.get("url"):
            return self.base_url + ees["url"] if ees["url"].startswith("/") else ees["url"]
        data_set_id = ees.get("data_set_id")
        if not data_set_id:
            data_set_id = self._find_data_set(ees["publication"], ees["data_set_title"])
        return self.url(f"/v1/data-sets/{urllib.parse.quote(data_set_id)}/csv")

    def _find_data_set(self, slug: str, title: str) -> str:
        found = self.get_json(
            self.url("/v1/publications", search=slug.replace("-", " "), pageSize="40")
        )
        publications = [p for p in _results(found) if p.get("slug", "").lower() == slug.lower()]
        if not publications:
            raise RefreshError(f"no EES publication with slug {slug}")
        listing = self.get_json(
            self.url(f"/v1/publications/{publications[0]['id']}/data-sets", pageSize="100")
        )
        wanted = _words(title)
        for data_set in _results(listing):
            if _words(data_set.get("title") or data_set.get("name") or "") == wanted:
                return data_set["id"]
        raise RefreshError(f"publication {slug} has no data set titled {title!r}")


def _results(payload) -> list[dict]:
    # Paginated endpoints answer {"paging": ..., "results": [...]}; early
    # versions of the API answered a bare list.
    return payload.get("results", []) if isinstance(payload, dict) else list(payload)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def validate(path: Path) -> int:
    """Rows the pipeline's own loader reads from `path`; MalformedReleaseError if none."""
    con = duckdb.connect(":memory:")
    try:
        ensure_schema(con)
        return load_file(con, path).rows
    finally:
        con.close()


def provenance_with(folder: Path, replaced: list[Refreshed], today: dt.date) -> str:
    """PROVENANCE.md with each replaced file's new sha256 and a dated line with its URL."""
    text = (folder / PROVENANCE_FILE).read_text(encoding="utf-8")
    for r in replaced:
        row = re.compile(rf"^(\| {re.escape(r.file)} \| .* \| )[0-9a-f]{{64}}( \|)$", re.MULTILINE)
        text, count = row.subn(rf"\g<1>{r.sha256}\g<2>", text)
        if count != 1:
            raise RefreshError(f"{PROVENANCE_FILE} has no table row for {r.file}")
    body = text.rstrip("\n")
    if REFRESH_HEADING not in body:
        body += f"\n\n{REFRESH_HEADING}\n"
    lines = [f"- {today.isoformat()} {r.file}: sha256 {r.sha256}, from {r.url}" for r in replaced]
    return body + "\n" + "\n".join(lines) + "\n"


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def refresh(
    folder: Path,
    base_url: str,
    today: dt.date | None = None,
    timeout_seconds: float | None = None,
) -> list[Refreshed]:
    """Refresh every EES file of `folder`; return what happened to each.

    `timeout_seconds`: how long to wait for each HTTP answer (None: as long as
    it takes). `make refresh-dfe` (`main`) waits HTTP_TIMEOUT_SECONDS.
    """
    sources = json.loads((folder / SOURCES_FILE).read_text(encoding="utf-8"))["files"]
    api = EesApi(base_url, timeout_seconds)
    staging = Path(tempfile.mkdtemp(prefix=".refresh-", dir=folder))
    results: list[Refreshed] = []
    ready: list[tuple[Refreshed, Path]] = []
    try:
        for name, entry in sources.items():
            if not entry.get("ees"):
                results.append(
                    Refreshed(name, "not_on_ees", "not published on EES: refresh by hand")
                )
                continue
            try:
                url = api.latest_csv_url(entry["ees"])
                candidate = staging / name  # the loader knows a release by its file name
                candidate.write_bytes(api.get(url))
                rows = validate(candidate)
            except RefreshError as error:
                results.append(Refreshed(name, "failed", f"{error}; kept the shipped file"))
                continue
            except MalformedReleaseError as error:
                results.append(
                    Refreshed(name, "rejected", f"{error}; kept the shipped file", url=url)
                )
                continue
            sha = sha256_of(candidate)
            if (folder / name).is_file() and sha256_of(folder / name) == sha:
                results.append(Refreshed(name, "unchanged", "already the newest release", url, sha))
                continue
            result = Refreshed(name, "replaced", f"newest release, {rows} values read", url, sha)
            results.append(result)
            ready.append((result, candidate))
        if ready:
            # Worked out before any file moves, so a PROVENANCE.md without a
            # row for a file stops the refresh with nothing replaced.
            provenance = provenance_with(folder, [r for r, _ in ready], today or dt.date.today())
            for _result, candidate in ready:
                os.replace(candidate, folder / candidate.name)
            _write_atomically(folder / PROVENANCE_FILE, provenance)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> int:
    from dagster_project.settings import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default=os.environ.get("LAC_EES_API_URL", DEFAULT_BASE_URL))
    parser.add_argument("--folder", type=Path, default=None, help="default: LAC_DFE_DIR")
    parser.add_argument(
        "--timeout-seconds",
        type=float,
        default=HTTP_TIMEOUT_SECONDS,
        help="seconds to wait for EES's answer (default %(default)s; 0 waits as long as it takes)",
    )
    args = parser.parse_args(argv)
    folder = args.folder or load_settings().dfe_dir
    return report(refresh(folder, args.base_url, timeout_seconds=args.timeout_seconds or None))


def report(results: list[Refreshed]) -> int:
    """Print a line per file; the command's exit status (1 if any was rejected or failed)."""
    for r in results:
        print(f"{r.file}: {r.status} - {r.message}")
    return 1 if any(r.status in ("rejected", "failed") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
