"""The councils of the warehouse, read from the landing zone's layout.

Belongs here: which councils a data folder holds and where each one's
landing folder and raw history are. Two layouts:

- single (today's): `<landing>/<source>/<date>/` is one council, LAC_LA_CODE,
  with its raw history at `settings.raw_db_path` (LAC_RAW_DB) and its
  benchmark LA LAC_BENCHMARK_LA_CODE: exactly as before councils existed;
- multi: `<landing>/<la_code>/<source>/<date>/` (what `python -m simulator
  --las N` writes), one council per 3-digit folder, each with its own raw
  history at `<data_dir>/raw/councils/<la_code>/raw_history.duckdb` (one
  council per file, so each keeps its own extract log and `_council` guard).
  Its name and benchmark LA come from the optional `<landing>/councils.csv`
  (la_code, name, benchmark_la_code), else the council's own code.

A landing folder holding both layouts at once is refused: which drops are
whose would be a guess. councils.csv is untrusted text: a bad row is an error
naming the file, row and column, never the value.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from contract import load_contract
from dagster_project.ingest.council import LA_CODE_SHAPE, CouncilMismatch
from dagster_project.pooled_raw import CouncilRaw
from dagster_project.settings import Settings
from dagster_project.ssda903.raw_tables import SOURCE as SSDA903_SOURCE

REGISTRY_FILE = "councils.csv"
REGISTRY_COLUMNS = ("la_code", "name", "benchmark_la_code")
SINGLE, MULTI = "single", "multi"
# A council's name is shown in the report's title and the councils table:
# printable text of a sensible length (the longest English LA name, "Bournemouth,
# Christchurch and Poole", is 36 characters; 100 leaves room for a suffix).
NAME_MAX_LENGTH = 100
_NAME_SHAPE = re.compile(r"^[^\x00-\x1f\x7f<>`|*]+$")


class CouncilRegistryError(ValueError):
    """councils.csv is not a list of councils this pipeline can trust."""


@dataclass(frozen=True)
class Council:
    """One council of the data folder: its drops, its raw history, its benchmark LA."""

    la_code: str
    landing_dir: Path
    raw_db_path: Path
    benchmark_la_code: str
    name: str = ""
    # In the multi-council layout, each council's outputs (report, restricted
    # lists) go to a folder of its own; the single layout keeps today's paths.
    multi: bool = False

    def raw(self) -> CouncilRaw:
        """The council as the pooled raw history lists it (pooled_raw.py)."""
        return CouncilRaw(
            la_code=self.la_code,
            raw_db_path=self.raw_db_path,
            name=self.name,
            benchmark_la_code=self.benchmark_la_code,
        )


@dataclass(frozen=True)
class Councils:
    """The layout of a landing folder and the councils it holds, in code order."""

    layout: str
    councils: tuple[Council, ...]

    @property
    def codes(self) -> list[str]:
        return [c.la_code for c in self.councils]

    @property
    def is_multi(self) -> bool:
        return self.layout == MULTI

    def get(self, la_code: str) -> Council:
        for council in self.councils:
            if council.la_code == la_code:
                return council
        raise KeyError(la_code)

    def with_raw_history(self) -> list[Council]:
        """The councils whose raw history exists: the ones a build can read."""
        return [c for c in self.councils if c.raw_db_path.exists()]


def source_names() -> set[str]:
    """Every landing source folder name: the contract's sources and the SSDA903 return."""
    return {s.name for s in load_contract().sources} | {SSDA903_SOURCE}


def _holds_sources(folder: Path, sources: set[str]) -> bool:
    return any((folder / s).is_dir() for s in sources)


def council_raw_db_path(settings: Settings, la_code: str) -> Path:
    """A council's own raw history in the multi-council layout."""
    if not LA_CODE_SHAPE.match(la_code):
        raise ValueError("an LA code is three digits")
    return settings.data_dir / "raw" / "councils" / la_code / "raw_history.duckdb"


def _registry_error(path: Path, row: int, column: str, why: str) -> CouncilRegistryError:
    return CouncilRegistryError(f"{path}: row {row}, column {column}: {why}")


def read_registry(path: Path) -> dict[str, tuple[str, str]]:
    """councils.csv as {la_code: (name, benchmark_la_code)}; validated, values never echoed.

    Row numbers count the header as row 1, as a spreadsheet shows them. An
    empty benchmark_la_code means the council's own code.
    """
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise CouncilRegistryError(f"{path}: empty; expected a header row {REGISTRY_COLUMNS}")
        header = [h.strip() for h in header]
        missing = [c for c in REGISTRY_COLUMNS if c not in header]
        if missing:
            raise CouncilRegistryError(
                f"{path}: row 1 (header) lacks column(s) {', '.join(missing)}; expected "
                f"{', '.join(REGISTRY_COLUMNS)}"
            )
        at = {c: header.index(c) for c in REGISTRY_COLUMNS}
        found: dict[str, tuple[str, str]] = {}
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < len(header):
                raise _registry_error(path, number, "(all)", "fewer cells than the header")
            la_code, name, benchmark = (row[at[c]].strip() for c in REGISTRY_COLUMNS)
            if not LA_CODE_SHAPE.match(la_code):
                raise _registry_error(path, number, "la_code", "not a 3-digit LA code")
            if la_code in found:
                raise _registry_error(path, number, "la_code", f"council {la_code} listed twice")
            if not name or len(name) > NAME_MAX_LENGTH or not _NAME_SHAPE.match(name):
                raise _registry_error(
                    path,
                    number,
                    "name",
                    f"not a council name (1-{NAME_MAX_LENGTH} printable characters, "
                    "no markup characters)",
                )
            if benchmark and not LA_CODE_SHAPE.match(benchmark):
                raise _registry_error(path, number, "benchmark_la_code", "not a 3-digit LA code")
            found[la_code] = (name, benchmark or la_code)
    return found


def council_folders(landing_dir: Path) -> list[Path]:
    """3-digit folders of the landing zone that hold at least one source folder."""
    if not landing_dir.is_dir():
        return []
    sources = source_names()
    return sorted(
        child
        for child in landing_dir.iterdir()
        if LA_CODE_SHAPE.match(child.name) and child.is_dir() and _holds_sources(child, sources)
    )


def find_councils(settings: Settings) -> Councils:
    """The councils of `settings`' landing folder; raises on a mixed layout or a bad registry."""
    landing = settings.landing_dir
    folders = council_folders(landing)
    sources = source_names()
    single = landing.is_dir() and _holds_sources(landing, sources)
    if folders and single:
        own = sorted(s for s in sources if (landing / s).is_dir())
        raise CouncilMismatch(
            f"The landing folder {landing} holds both layouts: source folders at its top "
            f"({', '.join(own)}), one council's, and {len(folders)} council folder(s) "
            f"({', '.join(f.name for f in folders[:5])}{' ...' if len(folders) > 5 else ''}) "
            "laid out <la_code>/<source>/<date>/. Which drops are whose would be a guess, so "
            "nothing was read. Move the top-level source folders into their council's folder "
            "(<landing>/<la_code>/<source>/), or point LAC_LANDING_DIR at one layout."
        )
    registry = read_registry(landing / REGISTRY_FILE)
    if not folders:
        name, benchmark = registry.get(settings.la_code, ("", settings.benchmark_la_code))
        return Councils(
            SINGLE,
            (Council(settings.la_code, landing, settings.raw_db_path, benchmark, name),),
        )
    councils = []
    for folder in folders:
        code = folder.name
        name, benchmark = registry.get(code, ("", code))
        councils.append(
            Council(code, folder, council_raw_db_path(settings, code), benchmark, name, True)
        )
    return Councils(MULTI, tuple(councils))


def council_restricted_dir(settings: Settings, council: Council) -> Path:
    """Where a council's child-level lists go: its own folder in the multi layout.

    `<restricted>/<la_code>/<date>/` and `<restricted>/<la_code>/latest/`, so
    each council's `latest` is switched on its own night (restricted.py);
    the single layout keeps `<restricted>/<date>/`.
    """
    return settings.restricted_dir / council.la_code if council.multi else settings.restricted_dir


def council_report_dir(settings: Settings, council: Council) -> Path:
    """Where a council's report goes: `<reports>/<la_code>/` in the multi layout."""
    return settings.report_dir / council.la_code if council.multi else settings.report_dir


def build_councils(settings: Settings) -> list[Council]:
    """The councils one warehouse build reads: every council that has a raw history.

    The single layout's council always (its raw history is created on first
    use, as it always was). In the multi layout, the landing zone's councils
    whose raw history exists (a council whose first drop was rejected has
    nothing to build yet), and those whose landing folder has gone but whose
    raw history is still there: its published figures stay until it is removed.
    """
    found = find_councils(settings)
    if not found.is_multi:
        return list(found.councils)
    councils = {c.la_code: c for c in found.with_raw_history()}
    held = settings.data_dir / "raw" / "councils"
    if held.is_dir():
        registry = read_registry(settings.landing_dir / REGISTRY_FILE)
        for folder in sorted(held.iterdir()):
            code = folder.name
            raw = folder / "raw_history.duckdb"
            if code in councils or not LA_CODE_SHAPE.match(code) or not raw.is_file():
                continue
            name, benchmark = registry.get(code, ("", code))
            landing = settings.landing_dir / code
            councils[code] = Council(code, landing, raw, benchmark, name, True)
    return [councils[code] for code in sorted(councils)]


def council_clause(la_code: str | None, column: str = "la_code") -> str:
    """SQL ` and <column> = '<code>'` to read one council of several; '' for None.

    None is the single layout, whose queries stay exactly as they were (a
    table without la_code still reads). The code is checked to be three
    digits before it is put in the SQL.
    """
    if la_code is None:
        return ""
    if not LA_CODE_SHAPE.match(la_code):
        raise ValueError("an LA code is three digits")
    return f" and {column} = '{la_code}'"
