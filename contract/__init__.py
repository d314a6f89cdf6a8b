"""The data contract: the one description of every extract the pipeline accepts.

`contract.yaml` beside this file is the source of truth. This module only
loads it and offers typed lookups, so the simulator and the pipeline read the
same columns and codes without either restating them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

CONTRACT_PATH = Path(__file__).with_name("contract.yaml")
INDICATORS_SEED = Path(__file__).resolve().parents[1] / "dbt" / "seeds" / "indicators.csv"

# Gates and checks that read raw fields and may be named in `required_by`
# beside the indicators: the data-entry-lag gate and the health
# reconciliation (its mart, gap check and restricted exception list) both
# compare the two health registers; the sibling-visit check reads the
# visits' sibling group.
GATES_READING_FIELDS = frozenset(
    {"health_recording_lag", "health_reconciliation", "sibling_visits_recorded_once"}
)


class ContractError(ValueError):
    """contract.yaml says something the pipeline cannot act on."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    mandatory: bool
    description: str
    codes: str | None = None
    pii: bool = False
    lag_of: str | None = None
    identifies: bool = False  # set for key columns too, see load_contract
    required_by: tuple[str, ...] = ()
    used_if_recorded_by: tuple[str, ...] = ()
    may_be_absent: bool = False  # the extract may leave the column out

    @property
    def row_needs_it(self) -> bool:
        """A rejected value here drops the row: it identifies the row or an indicator needs it.

        Any other rejected value is set to null and the row kept.
        """
        return self.identifies or bool(self.required_by)


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

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def child_id_column(self) -> str | None:
        """The column holding the child's id, where the table has one."""
        for name in ("CHILD", "child_id"):
            if name in self.column_names:
                return name
        return None

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
    indicator_sets: dict[str, tuple[str, ...]] = field(default_factory=dict)

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
            key = tuple(t.get("key", ()))
            columns = tuple(
                Column(
                    name=col_name,
                    type=c["type"],
                    mandatory=bool(c.get("mandatory", False)),
                    description=str(c.get("description", "")),
                    codes=c.get("codes"),
                    pii=bool(c.get("pii", False)),
                    lag_of=c.get("lag_of"),
                    identifies=col_name in key or c.get("identifies", False) is True,
                    required_by=tuple(c.get("required_by", ())),
                    used_if_recorded_by=tuple(c.get("used_if_recorded_by", ())),
                    may_be_absent=c.get("may_be_absent", False) is True,
                )
                for col_name, c in t["columns"].items()
            )
            tables.append(
                Table(
                    source=source_name,
                    name=table_name,
                    file=t["file"],
                    description=t.get("description", ""),
                    key=key,
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
    contract = Contract(
        version=int(raw["version"]),
        sources=tuple(sources),
        code_lists={k: tuple(str(v) for v in vs) for k, vs in raw["code_lists"].items()},
        code_groups={k: tuple(str(v) for v in vs) for k, vs in raw.get("code_groups", {}).items()},
        indicator_sets={
            k: tuple(str(v) for v in vs) for k, vs in raw.get("indicator_sets", {}).items()
        },
    )
    validate_field_needs(raw, contract)
    return contract


def indicator_ids(path: Path = INDICATORS_SEED) -> frozenset[str]:
    """The indicator ids the dbt project computes (its catalogue seed)."""
    with path.open(newline="") as f:
        return frozenset(row["indicator_id"] for row in csv.DictReader(f))


def validate_field_needs(
    raw: dict, contract: Contract, known: frozenset[str] | None = None
) -> None:
    """Every `identifies`, `required_by` and `used_if_recorded_by` says something real.

    A misspelt indicator id would quietly turn a needed field into one that is
    nulled, so an unknown name stops the pipeline at load time instead.
    """
    known = indicator_ids() if known is None else known
    for name, members in contract.indicator_sets.items():
        unknown = sorted(set(members) - known)
        if unknown:
            raise ContractError(f"indicator_sets.{name}: unknown indicator ids {unknown}")
    names = known | set(contract.indicator_sets) | GATES_READING_FIELDS
    for source_name, s in raw["sources"].items():
        for table_name, t in s["tables"].items():
            for col_name, c in t["columns"].items():
                where = f"{source_name}.{table_name}.{col_name}"
                if "identifies" in c and not isinstance(c["identifies"], bool):
                    raise ContractError(f"{where}: identifies is true or false")
                for attr in ("required_by", "used_if_recorded_by"):
                    value = c.get(attr, [])
                    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                        raise ContractError(f"{where}: {attr} is a list of indicator ids")
                    unknown = sorted(set(value) - names)
                    if unknown:
                        raise ContractError(f"{where}: {attr} names unknown indicators {unknown}")
                if c.get("may_be_absent") and (
                    c.get("mandatory")
                    or c.get("required_by")
                    or c.get("identifies")
                    or col_name in t.get("key", ())
                    or not c.get("used_if_recorded_by")
                ):
                    # an absent column loads blank: only a field whose blank
                    # means "not recorded" can be left out of an extract
                    raise ContractError(
                        f"{where}: may_be_absent is only for a field used if recorded"
                    )
                if c.get("required_by") and c.get("used_if_recorded_by"):
                    raise ContractError(
                        f"{where}: a field is either required or used if recorded, not both"
                    )
