"""The contract's field needs agree with what the dbt models read.

A field without `identifies`, `required_by` or `used_if_recorded_by` has a
rejected value set to null, so if a dbt model starts reading it the contract
must say so first. These tests read the dbt SQL as text: for each raw column
they find its staging alias and the models that `ref()` that staging model,
and fail when such a model mentions the alias while the contract says no
indicator needs the column.
"""

from __future__ import annotations

import re
from pathlib import Path

from contract import GATES_READING_FIELDS, load_contract

MODELS = Path(__file__).resolve().parents[2] / "dbt" / "models"

# The month spine reads the earliest review, visit and assessment date only to
# place the start of history; no figure is counted from those rows.
NOT_A_FIGURE = {"int_month_spine"}

# Aliases a reading model mentions for a sibling table of the same name:
# int_indicators_foster_carers filters approvals.carer_type, not households'.
SAME_NAME_IN_A_SIBLING = {("fostering", "households", "carer_type")}

_SOURCE = re.compile(r"source\('(\w+)', '(\w+)'\)")
_RENAMED = re.compile(r'source_rows\.("?)(\w+)\1(?: as \w+)?\)? as (\w+)')
_COMPARED = re.compile(r'source_rows\.("?)(\w+)\1 = \S+ as (\w+)')
_RECORDED_AT = re.compile(r"recorded_at='\"?(\w+)\"?'")


def _sql(path: Path) -> str:
    return re.sub(r"--.*", "", path.read_text())


def _staging() -> dict[tuple[str, str], Path]:
    """(source, table) -> the staging model of each contract table."""
    tables = {(t.source, t.name) for t in load_contract().tables()}
    out = {}
    for path in (MODELS / "staging").rglob("stg_*.sql"):
        match = _SOURCE.search(path.read_text())
        if match and (match.group(1), match.group(2)) in tables:
            out[(match.group(1), match.group(2))] = path
    return out


def _readers(staging_model: str) -> list[Path]:
    needle = f"ref('{staging_model}')"
    return [
        p
        for p in MODELS.rglob("*.sql")
        if "staging" not in p.parts and p.stem not in NOT_A_FIGURE and needle in p.read_text()
    ]


def test_every_staging_model_is_found():
    staging = _staging()
    assert {(t.source, t.name) for t in load_contract().tables()} == set(staging)


def test_no_model_reads_a_field_the_contract_would_null():
    unsaid = []
    for (source, name), path in _staging().items():
        table = load_contract().source(source).table(name)
        sql = _sql(path)
        aliases = {raw: alias for _, raw, alias in _RENAMED.findall(sql) + _COMPARED.findall(sql)}
        readers = [_sql(p) for p in _readers(path.stem)]
        for column in table.columns:
            alias = aliases.get(column.name)
            if alias is None or column.row_needs_it or column.used_if_recorded_by:
                continue
            if (source, name, column.name) in SAME_NAME_IN_A_SIBLING:
                continue
            if any(re.search(rf"\b{alias}\b", reader) for reader in readers):
                unsaid.append(f"{source}.{name}.{column.name} ({alias})")
    assert unsaid == [], "read by a dbt model but not needed in contract.yaml: " + ", ".join(unsaid)


def test_a_needed_table_needs_its_recorded_at():
    """Staging keeps only rows recorded by the as-of night: a null recorded-at drops the row."""
    for (source, name), path in _staging().items():
        match = _RECORDED_AT.search(path.read_text())
        table = load_contract().source(source).table(name)
        # Gates read the raw history, not staging: only indicators count here.
        needed = [c for c in table.columns if set(c.required_by) - GATES_READING_FIELDS]
        if match and needed:
            assert table.column(match.group(1)).required_by, f"{source}.{name}.{match.group(1)}"


def test_the_named_exceptions_still_hold():
    households = load_contract().source("fostering").table("households")
    assert not households.column("carer_type").row_needs_it
    spine = next(MODELS.rglob("int_month_spine.sql")).read_text()
    assert "min(visit_date)" in spine
