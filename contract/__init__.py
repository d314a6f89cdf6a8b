"""The data contract: the one description of every extract the pipeline accepts.

`contract.yaml` beside this file is the source of truth. This module only
loads it and offers typed lookups, so the simulator and the pipeline read the
same columns and codes without either restating them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CONTRACT_PATH = Path(__file__).with_name("contract.yaml")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    mandatory: bool
    description: str
    codes: str | None = None
    pii: bool = False
    lag_of: str | None = None


@dataclass(frozen=True)
class Table:
    source: str
    name: str
    file: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    sheet: str | None = None
    header_row: int = 1

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def qualified_name(self) -> str:
        """`<source>__<table>`: the raw-history table and GX suite name."""
        return f"{self.source}__{self.name}"


@dataclass(frozen=True)
class Source:
    name: str
    description: str
    format: str
    date_format: str
    datetime_format: str
    cadence_days: int
    tables: tuple[Table, ...]

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)


@dataclass(frozen=True)
class Contract:
    version: int
    sources: tuple[Source, ...]
    code_lists: dict[str, tuple[str, ...]]
    code_groups: dict[str, tuple[str, ...]]

    def source(self, name: str) -> Source:
        return next(s for s in self.sources if s.name == name)

    def tables(self) -> list[Table]:
        return [t for s in self.sources for t in s.tables]


@cache
def load_contract(path: Path = CONTRACT_PATH) -> Contract:
    raw = yaml.safe_load(path.read_text())
    sources = []
    for source_name, s in raw["sources"].items():
        tables = []
        for table_name, t in s["tables"].items():
            columns = tuple(
                Column(
                    name=col_name,
                    type=c["type"],
                    mandatory=bool(c.get("mandatory", False)),
                    description=str(c.get("description", "")),
                    codes=c.get("codes"),
                    pii=bool(c.get("pii", False)),
                    lag_of=c.get("lag_of"),
                )
                for col_name, c in t["columns"].items()
            )
            tables.append(
                Table(
                    source=source_name,
                    name=table_name,
                    file=t["file"],
                    description=t.get("description", ""),
                    key=tuple(t.get("key", ())),
                    columns=columns,
                    sheet=t.get("sheet"),
                    header_row=int(t.get("header_row", 1)),
                )
            )
        sources.append(
            Source(
                name=source_name,
                description=s.get("description", ""),
                format=s["format"],
                date_format=s["date_format"],
                datetime_format=s["datetime_format"],
                cadence_days=int(s["cadence_days"]),
                tables=tuple(tables),
            )
        )
    return Contract(
        version=int(raw["version"]),
        sources=tuple(sources),
        code_lists={k: tuple(str(v) for v in vs) for k, vs in raw["code_lists"].items()},
        code_groups={k: tuple(str(v) for v in vs) for k, vs in raw.get("code_groups", {}).items()},
    )
