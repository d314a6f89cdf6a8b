"""Read a council's 903 returns: a folder of CSV tables, an XML file, or several years.

Accepted layouts (docs/ssda903.md):

- one return: `<folder>/header.csv, episodes.csv, ...` or `<folder>/<any>.xml`;
- several years: `<folder>/<year>/...` with one sub-folder per collection
  year (`2024`, `2023-24`, `2023_24`), or files whose names carry the year
  (`SSDA903_2024_episodes.csv`).

The collection year comes from the folder or file name, or from the caller
(`collection_year=`), which wins. Per-year and cumulative files both read:
every row keeps the year of the return it came from, and
`current_view.latest_records` keeps one row per record when years overlap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dagster_project.ssda903.collection_year import year_from_name
from dagster_project.ssda903.layout import TABLES, empty_table
from dagster_project.ssda903.problems import ReadProblem, Ssda903ReadError
from dagster_project.ssda903.read_csv import read_csv_table
from dagster_project.ssda903.read_xml import read_xml_return


@dataclass
class Ssda903Return:
    """Normalised tables (all years together) and what was wrong reading them."""

    tables: dict[str, pd.DataFrame]
    problems: list[ReadProblem] = field(default_factory=list)

    @property
    def collection_years(self) -> list[int]:
        years = set()
        for frame in self.tables.values():
            years |= set(frame["collection_year"].unique().tolist())
        return sorted(years)

    @property
    def errors(self) -> list[ReadProblem]:
        return [p for p in self.problems if p.severity == "error"]

    def raise_for_problems(self) -> None:
        """Raise `Ssda903ReadError` listing every unusable value, if there is one."""
        if self.errors:
            raise Ssda903ReadError(self.errors)

    def for_year(self, year: int) -> dict[str, pd.DataFrame]:
        return {n: t[t["collection_year"] == year] for n, t in self.tables.items()}


def _files(paths: Path | Iterable[Path]) -> list[Path]:
    if isinstance(paths, Path):
        if paths.is_file():
            return [paths]
        if not paths.is_dir():
            raise Ssda903ReadError(f"{paths.name}: no such file or folder")
        return sorted(
            p for p in paths.rglob("*") if p.is_file() and p.suffix.lower() in (".csv", ".xml")
        )
    return sorted(Path(p) for p in paths)


def _year_of(path: Path, root: Path | None, given: int | None, default: int | None) -> int:
    if given is not None:
        return given
    # the file's own name, then its folders up to the folder read (or just
    # the enclosing folder when a list of files was given)
    names = [path.name]
    for parent in path.parents:
        names.append(parent.name)
        if root is None or parent == root:
            break
    for name in names:
        year = year_from_name(name)
        if year is not None:
            return year
    if default is not None:
        return default
    raise Ssda903ReadError(
        f"{path.name}: no collection year in its name or folder; name the folder by the year "
        "(e.g. 2024 or 2023-24) or pass collection_year"
    )


def read_return(
    paths: str | Path | Iterable[Path],
    collection_year: int | None = None,
    default_year: int | None = None,
) -> Ssda903Return:
    """Read every 903 file under `paths` (a folder, a file, or a list of files).

    `collection_year` overrides every name; `default_year` applies only to a
    file whose name and folders give no year (ingest passes the year of the
    extract date, the in-year monthly run).
    """
    if isinstance(paths, str):
        paths = Path(paths)
    root = paths if isinstance(paths, Path) and paths.is_dir() else None
    files = _files(paths)
    if not files:
        raise Ssda903ReadError("no .csv or .xml file found for the SSDA903 return")
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    problems: list[ReadProblem] = []
    seen: dict[tuple[str, int], str] = {}

    def claim(table: str, year: int, file_name: str) -> None:
        # two files for one table and year would count every child twice
        if (table, year) in seen:
            raise Ssda903ReadError(
                f"{file_name}: a second {table} table for collection year {year} "
                f"(the first is {seen[(table, year)]})"
            )
        seen[(table, year)] = file_name

    for path in files:
        year = _year_of(path, root, collection_year, default_year)
        if path.suffix.lower() == ".xml":
            tables, found = read_xml_return(path, year)
            for name, frame in tables.items():
                claim(name, year, path.name)
                parts[name].append(frame)
        else:
            name, frame, found = read_csv_table(path, year)
            claim(name, year, path.name)
            parts[name].append(frame)
        problems += found
    missing = [t.name for t in TABLES.values() if not t.optional and not parts[t.name]]
    if missing:
        raise Ssda903ReadError(f"the return has no {' and no '.join(missing)} table")
    tables = {
        name: pd.concat(frames, ignore_index=True) if frames else empty_table(name)
        for name, frames in parts.items()
    }
    return Ssda903Return(tables, problems)
